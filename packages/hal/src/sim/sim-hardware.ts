import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BoardDescription, GpioLineRef } from '../board';
import type { Bit, GpioInput, GpioOutput } from '../gpio';
import type { Hardware, HalLogger } from '../hardware';
import { SysfsLed, type Led } from '../led';
import type { Pmic } from '../pmic';
import { ptySttyConfigurer } from '../real/stty';
import { TtySerialLine, type SerialLine } from '../serial';
import type { SpiBusRef, SpiDevice } from '../spi';
import { ButtonFifo, type ButtonWord } from './button-fifo';
import { DirectoryWatch } from './directory-watch';
import { SimEpdPanel, type SimPanelTiming } from './sim-epd-panel';
import { SimGpioLine } from './sim-gpio-line';
import { SimPmic } from './sim-pmic';
import { SimSpiDevice } from './sim-spi-device';

export interface SimHardwareOptions {
  /** How fast the emulated e-paper is: as a real panel (seconds per full refresh) or milliseconds. */
  panelTiming?: SimPanelTiming;
}

/** Typical board state the simulation starts from when its files do not exist yet. */
export const SIM_DEFAULT_BATTERY_VOLTS = '3.95';

/**
 * The board as plain files under one directory (layout in docs/architecture.md). Several daemons share it;
 * each creates what is missing and never overwrites what exists, so state survives restarts and a
 * test can seed it.
 */
export class SimHardware implements Hardware {
  readonly kind = 'sim';
  private readonly lines = new Map<string, SimGpioLine>();
  private readonly directoryWatch = new DirectoryWatch();
  private buttonFifo: ButtonFifo | null = null;
  private epdPanel: SimEpdPanel | null = null;

  private constructor(
    readonly root: string,
    readonly board: BoardDescription,
    private readonly logger: HalLogger,
    private readonly options: SimHardwareOptions,
  ) {}

  static async create(root: string, board: BoardDescription, logger: HalLogger, options: SimHardwareOptions = {}): Promise<SimHardware> {
    const sim = new SimHardware(root, board, logger, options);
    await sim.createDefaults();
    return sim;
  }

  /** Where the emulated e-paper writes what it shows (`current.png`, `status.json`). */
  get epdFrameDir(): string {
    return path.join(this.root, 'epd');
  }

  get buttonsPath(): string {
    return path.join(this.root, 'buttons');
  }

  input(ref: GpioLineRef, name: string): GpioInput {
    const line = this.line(ref, name);
    if (this.buttonFor(ref) !== null) this.startButtons();
    return line;
  }

  output(ref: GpioLineRef, name: string): GpioOutput {
    return this.line(ref, name);
  }

  led(name: string): Led {
    return new SysfsLed(path.join(this.root, 'leds'), name);
  }

  pmic(): Pmic {
    return new SimPmic(path.join(this.root, 'pmic', 'battery_volts'));
  }

  serial(device: string): SerialLine {
    return new TtySerialLine(device, ptySttyConfigurer);
  }

  /** The e-paper's bus has the emulated SSD1680 on it; any other bus is a recorder with nothing behind it. */
  spi(ref: SpiBusRef, name: string): SpiDevice {
    const { spi } = this.board.epd;
    if (ref.bus !== spi.bus || ref.chipSelect !== spi.chipSelect) return new SimSpiDevice(name, () => undefined);
    const panel = this.panel();
    return new SimSpiDevice(name, (bytes) => panel.transfer(bytes));
  }

  /** The emulated e-paper controller (created with the first SPI device on its bus). */
  panel(): SimEpdPanel {
    const { epd } = this.board;
    this.epdPanel ??= new SimEpdPanel(
      { dc: this.line(epd.dc, 'EPD DC'), reset: this.line(epd.reset, 'EPD RST'), busy: this.line(epd.busy, 'EPD BUSY') },
      this.epdFrameDir,
      this.options.panelTiming ?? 'realistic',
      this.logger,
    );
    return this.epdPanel;
  }

  async close(): Promise<void> {
    await this.epdPanel?.close();
    this.epdPanel = null;
    await this.buttonFifo?.stop();
    this.buttonFifo = null;
    for (const line of this.lines.values()) await line.close();
    this.directoryWatch.close();
  }

  private line(ref: GpioLineRef, name: string): SimGpioLine {
    const key = `${ref.chip}/${ref.line}`;
    let line = this.lines.get(key);
    if (!line) {
      line = new SimGpioLine(name, this.gpioFile(ref), this.defaultLevel(ref), this.directoryWatch);
      this.lines.set(key, line);
    }
    return line;
  }

  private gpioFile(ref: GpioLineRef): string {
    return path.join(this.root, 'gpio', ref.chip, String(ref.line));
  }

  private buttonFor(ref: GpioLineRef): ButtonWord | null {
    for (const [button, line] of Object.entries(this.board.buttons)) {
      if (line.chip === ref.chip && line.line === ref.line) return button as ButtonWord;
    }
    return null;
  }

  private startButtons(): void {
    if (this.buttonFifo) return;
    const fifo = new ButtonFifo(
      this.buttonsPath,
      (button) => this.line(this.board.buttons[button], `button ${button}`).pulseLow(),
      this.logger,
    );
    this.buttonFifo = fifo;
    fifo.start().catch((error: Error) => {
      this.logger.warn({ path: fifo.path, err: error.message }, 'simulated buttons unavailable');
    });
  }

  /** Buttons and *_N inputs idle high (pull-ups); the charger says "external power, not boosting". */
  private defaultLevel(ref: GpioLineRef): Bit {
    const { charger, epd } = this.board;
    if (this.buttonFor(ref) !== null) return 1;
    if (same(ref, charger.boostN) || same(ref, epd.reset) || same(ref, epd.dc)) return 1;
    return 0;
  }

  private async createDefaults(): Promise<void> {
    const { board } = this;
    const lines = [board.relay, ...Object.values(board.buttons), board.charger.acokN, board.charger.boostN, board.epd.busy];
    for (const ref of lines) {
      await mkdir(path.dirname(this.gpioFile(ref)), { recursive: true });
      await createIfMissing(this.gpioFile(ref), `${this.defaultLevel(ref)}\n`);
    }
    for (const led of [board.leds.system, board.leds.user, board.leds.battery]) {
      for (const colour of ['R', 'G', 'B']) {
        const dir = path.join(this.root, 'leds', `${led}_${colour}`);
        await mkdir(dir, { recursive: true });
        await createIfMissing(path.join(dir, 'brightness'), '0\n');
        await createIfMissing(path.join(dir, 'trigger'), 'none\n');
      }
    }
    await mkdir(path.join(this.root, 'pmic'), { recursive: true });
    await createIfMissing(path.join(this.root, 'pmic', 'battery_volts'), `${SIM_DEFAULT_BATTERY_VOLTS}\n`);
    await mkdir(this.epdFrameDir, { recursive: true });
  }
}

function same(a: GpioLineRef, b: GpioLineRef): boolean {
  return a.chip === b.chip && a.line === b.line;
}

async function createIfMissing(file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
