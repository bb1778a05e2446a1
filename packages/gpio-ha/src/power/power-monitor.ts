import { setTimeout as sleep } from 'node:timers/promises';
import type { PowerState, PowerStateName } from '@mapio/contracts';
import type { GpioInput, Pmic } from '@mapio/hal';
import { Disposer, errorMessage, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import type { DiscoveryPublisher } from '../home-assistant/discovery-publisher';
import { batteryPercentFromVolts, BatteryLevelHysteresis, median } from './battery-level';
import { powerEntities } from './power-entities';
import { powerStateFrom, type ChargerLines } from './power-state';

export interface PowerMonitorOptions {
  /** How often the PMIC is sampled. */
  sampleMs: number;
  /** `mapio/gpio-ha/power` is published on change and at least this often. */
  heartbeatMs: number;
  /** Readings per sample, their median is the sample (a change shows within one sample period). */
  readingsPerSample: number;
  readingSpacingMs: number;
}

/** A voltage change this large is news even when the level and the state stay the same. */
const VOLTS_WORTH_PUBLISHING = 0.05;
/** Above this a reading is garbage, not a 1-cell Li-ion voltage (4.2 V full, 4.35 V at most). */
const MAX_CELL_VOLTS = 5;
/** Charger lines bounce when the adapter is plugged: one evaluation after they settle. */
const LINE_SETTLE_MS = 50;

type Battery = { volts: number; percent: number } | null;

/**
 * Battery and charger: samples the PMIC every `sampleMs` (median of a few readings, level on the
 * Li-ion curve with hysteresis), follows CHG_ACOK_N / CHG_BOOST_N edges at once, and publishes
 * `mapio/gpio-ha/power` when something changed and at least every `heartbeatMs`.
 */
export class PowerMonitor implements Feature {
  readonly name = 'power';
  private acok: GpioInput | null = null;
  private boost: GpioInput | null = null;
  private pmic: Pmic | null = null;
  /** undefined until the first sample. */
  private battery: Battery | undefined = undefined;
  private readonly level = new BatteryLevelHysteresis();
  private lastPublished: { payload: PowerState; atMs: number } | null = null;
  private readonly disposer = new Disposer();
  private settleTimer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;
  private readFailing = false;
  private stopped = false;

  constructor(
    private readonly board: BoardSession,
    private readonly bus: MqttBus,
    private readonly discovery: DiscoveryPublisher,
    private readonly options: PowerMonitorOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { hardware } = this.board;
    this.stopped = false;
    this.acok = hardware.input(hardware.board.charger.acokN, 'CHG_ACOK_N');
    this.boost = hardware.input(hardware.board.charger.boostN, 'CHG_BOOST_N');
    this.pmic = hardware.pmic();
    for (const line of [this.acok, this.boost]) this.disposer.add(line.watch('both', () => this.linesChanged()));
    this.disposer.add(() => {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = null;
    });
    this.discovery.setEntities('power', powerEntities(this.expireAfterS()));
    // The first sample takes readingsPerSample readings spaced apart (~0.5 s): it is not awaited, so
    // the daemon is online without waiting for it; its power state follows as soon as it is read.
    void this.sample();
    this.disposer.interval(() => void this.sample(), this.options.sampleMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.disposer.dispose();
    await this.sampling;
  }

  /** Home Assistant marks the battery entities unavailable when two heartbeats went missing. */
  private expireAfterS(): number {
    return Math.ceil((2 * this.options.heartbeatMs + this.options.sampleMs) / 1000);
  }

  private sample(): Promise<void> {
    this.sampling ??= this.readBattery()
      .then(async (battery) => {
        if (battery !== 'unreadable') this.battery = battery;
        await this.evaluate();
      })
      .finally(() => {
        this.sampling = null;
      });
    return this.sampling;
  }

  private async readBattery(): Promise<Battery | 'unreadable'> {
    const volts: number[] = [];
    let absent = 0;
    let failure: Error | null = null;
    for (let i = 0; i < this.options.readingsPerSample && !this.stopped; i++) {
      if (i > 0) await sleep(this.options.readingSpacingMs);
      try {
        const reading = await this.pmic?.readBatteryVolts();
        if (reading === null || reading === undefined) absent += 1;
        else if (reading > MAX_CELL_VOLTS) failure = new Error(`battery reading ${reading} V is not a 1-cell Li-ion voltage`);
        else volts.push(reading);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(errorMessage(error));
      }
    }
    if (volts.length === 0 && absent === 0) {
      if (!this.readFailing) this.logger.warn({ err: failure?.message }, 'battery unreadable: power state kept until it reads again');
      this.readFailing = true;
      return 'unreadable';
    }
    if (this.readFailing) this.logger.info('battery readable again');
    this.readFailing = false;
    if (absent > volts.length) {
      this.level.reset();
      return null;
    }
    const smoothed = Math.round(median(volts) * 1000) / 1000;
    return { volts: smoothed, percent: this.level.update(batteryPercentFromVolts(smoothed)) };
  }

  private linesChanged(): void {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.evaluate();
    }, LINE_SETTLE_MS);
  }

  private async evaluate(): Promise<void> {
    if (this.battery === undefined || !this.acok || !this.boost || this.stopped) return;
    let lines: ChargerLines;
    try {
      lines = { acokN: await this.acok.read(), boostN: await this.boost.read() };
    } catch (error) {
      this.logger.warn({ err: errorMessage(error) }, 'charger lines unreadable: power state not updated');
      return;
    }
    const previous: PowerStateName | null = this.lastPublished?.payload.state ?? null;
    const battery = this.battery;
    const payload: PowerState = {
      state: powerStateFrom(lines, battery, previous),
      batteryPercent: battery?.percent ?? null,
      batteryVolts: battery === null ? null : Math.round(battery.volts * 100) / 100,
      externalPower: lines.acokN === 0,
      at: new Date().toISOString(),
    };
    const now = Date.now();
    if (!this.worthPublishing(payload, now)) return;
    if (payload.state !== previous) {
      this.logger.info(
        { state: payload.state, batteryPercent: payload.batteryPercent, batteryVolts: payload.batteryVolts, externalPower: payload.externalPower },
        'power state',
      );
    }
    this.bus.publish('mapio/gpio-ha/power', payload);
    this.lastPublished = { payload, atMs: now };
  }

  private worthPublishing(next: PowerState, now: number): boolean {
    const last = this.lastPublished;
    if (!last) return true;
    const before = last.payload;
    if (now - last.atMs >= this.options.heartbeatMs) return true;
    if (next.state !== before.state || next.externalPower !== before.externalPower) return true;
    if (next.batteryPercent !== before.batteryPercent) return true;
    if ((next.batteryVolts === null) !== (before.batteryVolts === null)) return true;
    return Math.abs((next.batteryVolts ?? 0) - (before.batteryVolts ?? 0)) >= VOLTS_WORTH_PUBLISHING;
  }
}
