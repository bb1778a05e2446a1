import type { BoardSession, TicBaudRate } from '@mapio/hal';
import { monotonicMs } from '@mapio/hal';
import { Disposer, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { DiscoveryPublisher } from '../home-assistant/discovery-publisher';
import { lineSpeed, SPEED_PROBE_MS } from './line-speed';
import { linkyEntities } from './linky-entities';
import { LinkyReadings, type FrameOutcome } from './linky-readings';
import { LinkySwitch, type LinkySwitchSetting } from './linky-switch';
import { publishSlot } from './publish-slot';
import { TicFrameParser, type TicParserEvent } from './tic-frame-parser';
import type { TicModeSetting } from './tic-group';
import { TicPort } from './tic-port';

export interface LinkySettings {
  device: string;
  mode: TicModeSetting;
  /** At most one `mapio/gpio-ha/linky` per period, except on a tariff change. */
  publishMs: number;
  enabled: LinkySwitchSetting;
  /** With `auto`: Linky is on while this file exists. */
  enableFile: string;
  /** A label absent this long is forgotten and its entity removed. */
  labelExpiryMs: number;
}

/**
 * Linky in Home Assistant: while the switch (LinkySwitch) says on, reads the TIC port (TicPort) at
 * the speed lineSpeed picks, decodes frames (TicFrameParser), keeps the readings honest
 * (LinkyReadings), publishes `mapio/gpio-ha/linky` in the slots publishSlot gives and declares the
 * entities (linkyEntities). Turning Linky off removes the entities from Home Assistant.
 */
export class LinkyTic implements Feature {
  readonly name = 'linky';
  private readonly disposer = new Disposer();
  private readonly switch: LinkySwitch;
  private readonly port: TicPort;
  private enabled = false;
  private baud: TicBaudRate;
  private parser: TicFrameParser;
  private readings: LinkyReadings;
  private heardAtSpeed = false;
  private lastPublishAt: number | null = null;
  private publishTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly warned = new Set<string>();

  constructor(
    board: BoardSession,
    private readonly bus: MqttBus,
    private readonly discovery: DiscoveryPublisher,
    private readonly settings: LinkySettings,
    private readonly logger: Logger,
  ) {
    this.switch = new LinkySwitch(settings.enabled, settings.enableFile, (on, because) => this.setEnabled(on, because));
    this.port = new TicPort(settings.device, (device) => board.hardware.serial(device), {
      opened: (baud) => this.opened(baud),
      data: (chunk) => this.onEvents(this.parser.push(chunk)),
    }, logger);
    this.baud = lineSpeed.initial(settings.mode);
    this.parser = new TicFrameParser(settings.mode);
    this.readings = this.freshReadings();
  }

  start(): void {
    this.disposer.add(() => this.port.close());
    this.disposer.add(() => this.clearTimers());
    this.disposer.add(() => this.switch.stop());
    this.switch.start();
  }

  async stop(): Promise<void> {
    this.enabled = false;
    await this.disposer.dispose();
  }

  private setEnabled(on: boolean, because: string): void {
    this.enabled = on;
    this.logger.info({ enabled: on, because }, on ? 'Linky TIC on' : 'Linky TIC off');
    if (on) {
      this.readings = this.freshReadings();
      this.lastPublishAt = null;
      this.discovery.expectEntities('linky', 'linky_');
      void this.openAt(lineSpeed.initial(this.settings.mode));
    } else {
      this.clearTimers();
      void this.port.close();
      this.discovery.setEntities('linky', []);
    }
  }

  private freshReadings(): LinkyReadings {
    return new LinkyReadings({ labelExpiryMs: this.settings.labelExpiryMs });
  }

  private async openAt(baud: TicBaudRate): Promise<void> {
    this.baud = baud;
    this.parser = new TicFrameParser(this.settings.mode);
    this.heardAtSpeed = false;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    await this.port.open(baud);
  }

  private opened(baud: TicBaudRate): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.settings.mode !== 'auto') return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      const next = lineSpeed.afterSilence(this.settings.mode, baud, this.heardAtSpeed);
      if (next === null || !this.enabled) return;
      this.logger.info({ from: baud, to: next }, 'no TIC frame: trying the other line speed');
      void this.openAt(next);
    }, SPEED_PROBE_MS);
  }

  private onEvents(events: TicParserEvent[]): void {
    for (const event of events) {
      if (event.type === 'discarded') {
        this.readings.frameDiscarded(event.badGroups);
        this.logger.debug({ reason: event.reason, badGroups: event.badGroups }, 'TIC frame discarded');
        continue;
      }
      const { frame } = event;
      const firstFrame = !this.readings.hasData;
      const outcome = this.readings.frameReceived(frame, monotonicMs());
      this.report(outcome);
      if (firstFrame || outcome.meterChanged) {
        this.logger.info({ mode: frame.mode, baud: this.baud, meterId: this.readings.meterId }, 'Linky meter heard');
      }
      this.heardAtSpeed = true;
      this.schedulePublish(firstFrame || outcome.tariffChanged || outcome.meterChanged || outcome.labelsChanged);
      const next = lineSpeed.afterFrame(this.settings.mode, this.baud, frame.mode);
      if (next !== null) {
        void this.openAt(next);
        return;
      }
    }
  }

  /** One warning per label and reason until the index is accepted again (a meter sends every second). */
  private report(outcome: FrameOutcome): void {
    const rejectedNow = new Set(outcome.rejected.map((r) => r.label));
    for (const key of [...this.warned]) if (!rejectedNow.has(key.split(':')[0] ?? '')) this.warned.delete(key);
    for (const rejection of outcome.rejected) {
      const key = `${rejection.label}:${rejection.reason}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.logger.warn(rejection, 'Linky index not published');
    }
  }

  private schedulePublish(urgent: boolean): void {
    const slot = publishSlot(this.lastPublishAt, Date.now(), this.settings.publishMs, urgent);
    if ('now' in slot) {
      this.publish();
      return;
    }
    this.publishTimer ??= setTimeout(() => this.publish(), slot.inMs);
  }

  private publish(): void {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    if (!this.enabled) return;
    const snapshot = this.readings.snapshot(new Date().toISOString());
    if (!snapshot) return;
    this.lastPublishAt = Date.now();
    this.discovery.setEntities('linky', linkyEntities(snapshot, this.expireAfterS()));
    this.bus.publish('mapio/gpio-ha/linky', snapshot);
  }

  /** The Linky entities become unavailable when frames stop for several publishing periods. */
  private expireAfterS(): number {
    return Math.max(60, Math.ceil((6 * this.settings.publishMs) / 1000));
  }

  private clearTimers(): void {
    for (const timer of [this.publishTimer, this.probeTimer]) if (timer) clearTimeout(timer);
    this.publishTimer = null;
    this.probeTimer = null;
  }
}
