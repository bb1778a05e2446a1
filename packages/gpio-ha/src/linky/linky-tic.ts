import { stat, unwatchFile, watchFile, type Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import type { TicMode } from '@mapio/contracts';
import { monotonicMs, type SerialLine, type TicBaudRate } from '@mapio/hal';
import { ReconnectBackoff, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import type { DiscoveryPublisher } from '../home-assistant/discovery-publisher';
import { linkyEntities } from './linky-entities';
import { LinkyReadings, type FrameOutcome } from './linky-readings';
import { TicFrameParser, type TicParserEvent } from './tic-frame-parser';
import type { TicModeSetting } from './tic-group';

export type LinkySwitch = 'on' | 'off' | 'auto';

export interface LinkySettings {
  device: string;
  mode: TicModeSetting;
  /** At most one `mapio/gpio-ha/linky` per period, except on a tariff change. */
  publishMs: number;
  enabled: LinkySwitch;
  /** With `auto`: Linky is on while this file exists. */
  enableFile: string;
}

const BAUD: Record<TicMode, TicBaudRate> = { historic: 1200, standard: 9600 };
/** How often the enable file is looked at (a stat, no reading). */
const ENABLE_CHECK_MS = 3000;
/** A missing or failing port is tried again after 5 s, then less and less often (up to a minute). */
const REOPEN_DELAY_MS = { first: 5000, max: 60_000 };
/** No jitter: one daemon, one port, nothing to spread out. */
const NO_JITTER = () => 0.5;
/** In auto mode, without a valid frame for this long the other line speed is tried. */
const SPEED_PROBE_MS = 20_000;

/**
 * The Linky TIC port: reads frames at the configured (or detected) speed, keeps the readings honest
 * (LinkyReadings), publishes `mapio/gpio-ha/linky` at most every `publishMs` (at once on a tariff
 * change, or when labels come or go, so new entities get their value) and declares the Linky
 * entities. Turning Linky off removes them from Home Assistant.
 */
export class LinkyTic implements Feature {
  readonly name = 'linky';
  private enabled: boolean | null = null;
  private line: SerialLine | null = null;
  private stream: Readable | null = null;
  private baud: TicBaudRate = 1200;
  private parser = new TicFrameParser('auto');
  private readings = new LinkyReadings();
  private lastPublishAt: number | null = null;
  private sawFrameAtSpeed = false;
  private timers: Partial<Record<'publish' | 'reopen' | 'probe', NodeJS.Timeout>> = {};
  private readonly warned = new Set<string>();
  private readonly reopenBackoff = new ReconnectBackoff(REOPEN_DELAY_MS.first, REOPEN_DELAY_MS.max, NO_JITTER);
  private stopped = false;

  constructor(
    private readonly board: BoardSession,
    private readonly bus: MqttBus,
    private readonly discovery: DiscoveryPublisher,
    private readonly settings: LinkySettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.settings.enabled !== 'auto') {
      this.setEnabled(this.settings.enabled === 'on', `MAPIO_LINKY=${this.settings.enabled}`);
      return;
    }
    const follow = (stats: Stats | undefined) => this.setEnabled(stats?.isFile() === true, this.settings.enableFile);
    stat(this.settings.enableFile, (error, stats) => follow(error ? undefined : stats));
    watchFile(this.settings.enableFile, { interval: ENABLE_CHECK_MS, persistent: false }, (current) => follow(current));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    unwatchFile(this.settings.enableFile);
    await this.closeLine();
  }

  private setEnabled(on: boolean, because: string): void {
    if (this.stopped || on === this.enabled) return;
    this.enabled = on;
    this.logger.info({ enabled: on, because }, on ? 'Linky TIC on' : 'Linky TIC off');
    if (on) {
      this.readings = new LinkyReadings();
      this.lastPublishAt = null;
      this.discovery.expectEntities('linky', 'linky_');
      this.baud = this.settings.mode === 'standard' ? 9600 : 1200;
      void this.open();
    } else {
      void this.closeLine();
      this.discovery.setEntities('linky', []);
    }
  }

  private async open(): Promise<void> {
    if (!this.enabled || this.stopped) return;
    this.line ??= this.board.hardware.serial(this.settings.device);
    this.parser = new TicFrameParser(this.settings.mode);
    this.sawFrameAtSpeed = false;
    let stream: Readable;
    try {
      stream = await this.line.open(this.baud);
    } catch (error) {
      const delayMs = this.reopenBackoff.next();
      if (this.reopenBackoff.attempts === 1) {
        this.logger.warn({ device: this.settings.device, err: (error as Error).message }, 'TIC port unavailable: trying again');
      }
      this.later('reopen', delayMs, () => void this.open());
      return;
    }
    if (!this.enabled || this.stopped) {
      await this.line.close();
      return;
    }
    this.reopenBackoff.reset();
    this.stream = stream;
    this.logger.info({ device: this.settings.device, baud: this.baud, mode: this.settings.mode }, 'TIC port open');
    stream.on('data', (chunk: Buffer) => this.onEvents(this.parser.push(chunk)));
    stream.on('error', (error) => this.lost(stream, error.message));
    stream.on('close', () => this.lost(stream, 'closed'));
    if (this.settings.mode === 'auto') this.later('probe', SPEED_PROBE_MS, () => this.probeOtherSpeed());
  }

  private lost(stream: Readable, why: string): void {
    if (this.stream !== stream || this.stopped || !this.enabled) return;
    this.stream = null;
    this.logger.warn({ device: this.settings.device, why, retryInMs: REOPEN_DELAY_MS.first }, 'TIC port lost');
    this.later('reopen', REOPEN_DELAY_MS.first, () => void this.open());
  }

  /** Nothing valid at this speed: the meter may be in the other mode (historic 1200, standard 9600). */
  private probeOtherSpeed(): void {
    if (this.sawFrameAtSpeed || !this.stream) return;
    this.logger.info({ from: this.baud, to: this.baud === 1200 ? 9600 : 1200 }, 'no TIC frame: trying the other line speed');
    void this.switchSpeed(this.baud === 1200 ? 9600 : 1200);
  }

  private async switchSpeed(baud: TicBaudRate): Promise<void> {
    this.baud = baud;
    await this.closeLine();
    await this.open();
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
      this.sawFrameAtSpeed = true;
      this.schedulePublish(firstFrame || outcome.tariffChanged || outcome.meterChanged || outcome.labelsChanged);
      // Only a pty passes frames at the wrong speed: follow the mode the meter speaks.
      if (this.settings.mode === 'auto' && BAUD[frame.mode] !== this.baud) {
        void this.switchSpeed(BAUD[frame.mode]);
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
    const now = Date.now();
    const due = this.lastPublishAt === null ? now : this.lastPublishAt + this.settings.publishMs;
    if (urgent || now >= due) {
      this.publish();
      return;
    }
    if (!this.timers.publish) this.later('publish', due - now, () => this.publish());
  }

  private publish(): void {
    if (this.timers.publish) clearTimeout(this.timers.publish);
    delete this.timers.publish;
    if (!this.enabled) return;
    const snapshot = this.readings.snapshot(new Date().toISOString());
    if (!snapshot) return;
    this.lastPublishAt = Date.now();
    this.discovery.setEntities('linky', linkyEntities(this.readings.presentLabels(), this.expireAfterS()));
    this.bus.publish('mapio/gpio-ha/linky', snapshot);
  }

  /** The Linky entities become unavailable when frames stop for several publishing periods. */
  private expireAfterS(): number {
    return Math.max(60, Math.ceil((6 * this.settings.publishMs) / 1000));
  }

  private later(name: 'publish' | 'reopen' | 'probe', delayMs: number, run: () => void): void {
    const existing = this.timers[name];
    if (existing) clearTimeout(existing);
    this.timers[name] = setTimeout(() => {
      delete this.timers[name];
      run();
    }, delayMs);
  }

  private async closeLine(): Promise<void> {
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    this.timers = {};
    this.stream = null;
    await this.line?.close();
  }
}
