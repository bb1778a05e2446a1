import { readFile, writeFile } from 'node:fs/promises';
import {
  monotonicMs,
  parseBit,
  type Bit,
  type EdgeEvent,
  type EdgeSelection,
  type GpioInput,
  type GpioOutput,
} from '../gpio';
import type { DirectoryWatch } from './directory-watch';

type Listener = { edges: EdgeSelection; listener: (event: EdgeEvent) => void };

/**
 * A simulated GPIO line kept in a file holding `0` or `1` (`<simDir>/gpio/<chip>/<line>`).
 * Writing the file from outside (`echo 0 > ...`) is seen as an edge, like a real input changing.
 */
export class SimGpioLine implements GpioInput, GpioOutput {
  private level: Bit;
  /** Whether `level` was read or written, rather than assumed from the board's default. */
  private levelKnown = false;
  /** The level the edge detector last saw; null until watching starts. */
  private detected: Bit | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly writeListeners = new Set<(value: Bit) => Promise<void> | void>();
  private unwatchFile: (() => void) | null = null;

  constructor(
    readonly name: string,
    readonly file: string,
    initial: Bit,
    private readonly directory: DirectoryWatch,
  ) {
    this.level = initial;
  }

  async read(): Promise<Bit> {
    try {
      const content = await readFile(this.file, 'utf8');
      // Empty: a write is between truncating and filling the file; it set `level` before starting.
      if (content !== '') {
        this.level = parseBit(content, this.file);
        this.levelKnown = true;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // A level seen while watching is an edge the watchers must get, even if the file's change event
    // has not been handled yet (it then finds nothing new).
    if (this.unwatchFile) this.observe(this.level);
    return this.level;
  }

  async write(value: Bit): Promise<void> {
    this.level = value;
    this.levelKnown = true;
    await writeFile(this.file, `${value}\n`);
    this.detect(value);
    for (const listener of this.writeListeners) await listener(value);
  }

  /** The level last read or written in this process (the board's default before that). */
  get current(): Bit {
    return this.level;
  }

  /**
   * Calls `listener` after each write from this process, and `write` waits for it: what the
   * simulation wires to an output (the e-paper's RST) sees every pulse, however short.
   */
  onWrite(listener: (value: Bit) => Promise<void> | void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** A momentary press of an active-low button: falling edge now, rising edge after `holdMs`. */
  pulseLow(holdMs = 30): void {
    this.detected ??= 1;
    this.detect(0);
    setTimeout(() => this.detect(1), holdMs).unref();
  }

  watch(edges: EdgeSelection, listener: (event: EdgeEvent) => void): () => void {
    const entry = { edges, listener };
    this.listeners.add(entry);
    if (!this.unwatchFile) {
      this.detected = this.levelKnown ? this.level : null;
      this.unwatchFile = this.directory.on(this.file, () => {
        // A half-written file fails to parse; the next change event reads it again.
        this.read().catch(() => undefined);
      });
      // The level when watching starts is the reference (unless already known), not an edge.
      this.read().catch(() => undefined);
    }
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0) this.stopWatching();
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.stopWatching();
  }

  private stopWatching(): void {
    this.unwatchFile?.();
    this.unwatchFile = null;
    this.detected = null;
  }

  /** The first level seen after watching starts becomes the reference; later ones may be edges. */
  private observe(value: Bit): void {
    if (this.detected === null) this.detected = value;
    else this.detect(value);
  }

  private detect(value: Bit): void {
    const previous = this.detected;
    this.detected = value;
    if (previous === null || previous === value) return;
    const event: EdgeEvent = { edge: value === 0 ? 'falling' : 'rising', atMs: monotonicMs() };
    for (const { edges, listener } of this.listeners) {
      if (edges === 'both' || edges === event.edge) listener(event);
    }
  }
}
