import { Command, UpdateSequence } from './commands';
import { EpdBusyTimeoutError, EpdStateError } from './errors';
import { PANEL } from './panel';
import type { Transport } from './transport';

export type RefreshKind = 'full' | 'fast' | 'partial';

/** How long each BUSY wait may last before the driver gives up (ms). */
export interface BusyTimeouts {
  /** After a reset, a software reset or the register setup (milliseconds on a real panel). */
  setup: number;
  /** A full refresh (about 2 s on a real panel). */
  full: number;
  /** A fast refresh, including its temperature / LUT loads (about 1.5 s). */
  fast: number;
  /** A partial refresh (about 0.3 s). */
  partial: number;
}

export const DEFAULT_BUSY_TIMEOUTS: BusyTimeouts = { setup: 1000, full: 5000, fast: 4000, partial: 2000 };

/** The border waveform: full refreshes drive it like white pixels, partial ones leave it floating. */
const BORDER_FULL = 0x05;
const BORDER_PARTIAL = 0x80;

/**
 * SSD1680 driver for the Waveshare 2.13" V3/V4 panel (sequences in docs/hardware.md). It keeps what the
 * panel shows so that RAM 0x26, the reference of differential (partial) refreshes, always equals
 * the picture on the glass. Not re-entrant: one operation at a time (the caller queues).
 */
export class Ssd1680 {
  private readonly timeouts: BusyTimeouts;
  /** RAM image shown on the panel, or null when unknown (start, after a failure). */
  private shownImage: Uint8Array | null = null;
  private asleep = false;
  private operation: string | null = null;

  constructor(
    private readonly transport: Transport,
    timeouts: Partial<BusyTimeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_BUSY_TIMEOUTS, ...timeouts };
  }

  /** What the panel shows (RAM layout), or null when the driver cannot know it. */
  get shown(): Uint8Array | null {
    return this.shownImage;
  }

  get sleeping(): boolean {
    return this.asleep;
  }

  /** Hardware reset, software reset and register setup: the documented init sequence. */
  async init(): Promise<void> {
    await this.exclusive('init', () => this.initSequence());
  }

  /**
   * Full refresh (about 2 s, flashes): writes the picture to both RAMs, so it is also the base
   * image of the partial refreshes that follow.
   */
  async displayFull(ram: Uint8Array): Promise<void> {
    await this.exclusive('full refresh', async () => {
      await this.initSequence();
      await this.writeBothPlanes(ram);
      await this.activate(UpdateSequence.full, 'full refresh', this.timeouts.full);
      this.shownImage = ram.slice();
    });
  }

  /** Fast full refresh of the V4 panel (temperature forced to select the fast waveform). */
  async displayFast(ram: Uint8Array): Promise<void> {
    await this.exclusive('fast refresh', async () => {
      await this.initSequence();
      await this.activate(UpdateSequence.loadTemperature, 'fast refresh temperature load', this.timeouts.fast);
      await this.send(Command.writeTemperature, [0x64, 0x00]);
      await this.activate(UpdateSequence.loadLut, 'fast refresh waveform load', this.timeouts.fast);
      await this.writeBothPlanes(ram);
      await this.activate(UpdateSequence.fastDisplay, 'fast refresh', this.timeouts.fast);
      this.shownImage = ram.slice();
    });
  }

  /**
   * Partial (differential) refresh, about 0.3 s without flashing. Needs a known picture on the panel
   * (a full or fast refresh first); afterwards RAM 0x26 is rewritten with the new picture so the
   * next partial refresh compares against what is really shown.
   */
  async displayPartial(ram: Uint8Array): Promise<void> {
    await this.exclusive('partial refresh', async () => {
      if (this.shownImage === null) {
        throw new EpdStateError('partial refresh needs a base image: do a full (or fast) refresh first');
      }
      checkRamImage(ram);
      await this.transport.reset();
      this.asleep = false;
      await this.waitIdle('hardware reset', this.timeouts.setup);
      await this.configure(BORDER_PARTIAL);
      await this.writePlane(Command.writeBlackWhiteRam, ram);
      await this.activate(UpdateSequence.partial, 'partial refresh', this.timeouts.partial);
      this.shownImage = ram.slice();
      await this.writePlane(Command.writeRedRam, ram);
    });
  }

  /** All white, with a full refresh. */
  async clear(): Promise<void> {
    await this.displayFull(new Uint8Array(PANEL.ramBytes).fill(0xff));
  }

  /** Deep sleep mode 1 (RAM kept, almost no current); only a hardware reset wakes the controller. */
  async sleep(): Promise<void> {
    await this.exclusive('deep sleep', async () => {
      if (this.asleep) return;
      await this.send(Command.deepSleep, [0x01]);
      this.asleep = true;
    });
  }

  private async initSequence(): Promise<void> {
    await this.transport.reset();
    this.asleep = false;
    await this.waitIdle('hardware reset', this.timeouts.setup);
    await this.transport.command(Command.softwareReset);
    await this.waitIdle('software reset', this.timeouts.setup);
    await this.configure(BORDER_FULL);
    await this.waitIdle('register setup', this.timeouts.setup);
  }

  /** Registers a reset clears: geometry, addressing, window and cursor, border, sensor. */
  private async configure(border: number): Promise<void> {
    const lastGate = PANEL.gates - 1;
    await this.send(Command.driverOutputControl, [lastGate & 0xff, lastGate >> 8, 0x00]);
    await this.send(Command.dataEntryMode, [0x03]); // X then Y increasing, X first
    await this.send(Command.ramXWindow, [0x00, PANEL.bytesPerRow - 1]);
    await this.send(Command.ramYWindow, [0x00, 0x00, lastGate & 0xff, lastGate >> 8]);
    await this.setCursorHome();
    await this.send(Command.borderWaveform, [border]);
    await this.send(Command.displayUpdateControl1, [0x00, 0x80]);
    await this.send(Command.temperatureSensor, [0x80]); // internal sensor
  }

  private async setCursorHome(): Promise<void> {
    await this.send(Command.ramXCounter, [0x00]);
    await this.send(Command.ramYCounter, [0x00, 0x00]);
  }

  private async writeBothPlanes(ram: Uint8Array): Promise<void> {
    checkRamImage(ram);
    await this.writePlane(Command.writeBlackWhiteRam, ram);
    await this.writePlane(Command.writeRedRam, ram);
  }

  private async writePlane(plane: number, ram: Uint8Array): Promise<void> {
    await this.setCursorHome();
    await this.transport.command(plane);
    await this.transport.data(ram);
  }

  private async activate(sequence: number, step: string, timeoutMs: number): Promise<void> {
    await this.send(Command.displayUpdateControl2, [sequence]);
    await this.transport.command(Command.masterActivation);
    await this.waitIdle(step, timeoutMs);
  }

  private async send(command: number, data: readonly number[]): Promise<void> {
    await this.transport.command(command);
    if (data.length > 0) await this.transport.data(Uint8Array.from(data));
  }

  private async waitIdle(step: string, timeoutMs: number): Promise<void> {
    if (!(await this.transport.waitIdle(timeoutMs))) throw new EpdBusyTimeoutError(step, timeoutMs);
  }

  private async exclusive(name: string, run: () => Promise<void>): Promise<void> {
    if (this.operation !== null) {
      throw new EpdStateError(`e-paper ${name} requested while ${this.operation} is in progress: updates must be queued`);
    }
    this.operation = name;
    try {
      await run();
    } catch (error) {
      // Whatever the panel shows now is unknown: the next update starts from a reset and a full refresh.
      this.shownImage = null;
      throw error;
    } finally {
      this.operation = null;
    }
  }
}

function checkRamImage(ram: Uint8Array): void {
  if (ram.length !== PANEL.ramBytes) {
    throw new RangeError(`e-paper RAM image: expected ${PANEL.ramBytes} bytes (16 x 250), got ${ram.length}`);
  }
}
