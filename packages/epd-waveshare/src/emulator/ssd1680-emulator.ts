import { Command, hex } from '../commands';
import type { MonoImage } from '../mono-image';
import { PANEL } from '../panel';
import { encodeMonoPng } from '../png';
import { unpackRam } from '../ram-packing';
import type { RefreshKind } from '../ssd1680';
import type { Transport } from '../transport';
import { REALISTIC_TIMING, type PanelTiming } from './panel-timing';

/** The controller would not accept this byte stream (or would show garbage): a driver bug. */
export class Ssd1680ProtocolError extends Error {}

export type TraceEvent =
  | { kind: 'reset' }
  | { kind: 'waitIdle' }
  | { kind: 'command'; code: number; data: number[] };

export type RefreshCounts = Record<RefreshKind, number>;

/** One display activation, as the panel would show it. */
export interface EmulatedFrame {
  /** 1, 2, ... since the emulator was created. */
  number: number;
  kind: RefreshKind;
  image: MonoImage;
  png: Buffer;
  refreshes: RefreshCounts;
  /**
   * Partial refresh only: pixels where RAM 0x26 (the reference) differed from what the panel
   * showed. Non-zero means a real panel would ghost.
   */
  staleReferencePixels: number;
}

export interface EmulatorOptions {
  timing?: PanelTiming;
  /** Keep every reset / command / data byte / BUSY wait (tests; grows without bound). */
  trace?: boolean;
}

interface CommandSpec {
  name: string;
  /** Data bytes the command takes, or 'ram' for a RAM write of any length. */
  params: number | 'ram';
}

const SPECS: Record<number, CommandSpec> = {
  [Command.driverOutputControl]: { name: 'driver output control', params: 3 },
  [Command.deepSleep]: { name: 'deep sleep', params: 1 },
  [Command.dataEntryMode]: { name: 'data entry mode', params: 1 },
  [Command.softwareReset]: { name: 'software reset', params: 0 },
  [Command.temperatureSensor]: { name: 'temperature sensor', params: 1 },
  [Command.writeTemperature]: { name: 'write temperature register', params: 2 },
  [Command.masterActivation]: { name: 'master activation', params: 0 },
  [Command.displayUpdateControl1]: { name: 'display update control 1', params: 2 },
  [Command.displayUpdateControl2]: { name: 'display update control 2', params: 1 },
  [Command.writeBlackWhiteRam]: { name: 'write RAM 0x24', params: 'ram' },
  [Command.writeRedRam]: { name: 'write RAM 0x26', params: 'ram' },
  [Command.borderWaveform]: { name: 'border waveform', params: 1 },
  [Command.ramXWindow]: { name: 'RAM X window', params: 2 },
  [Command.ramYWindow]: { name: 'RAM Y window', params: 4 },
  [Command.ramXCounter]: { name: 'RAM X counter', params: 1 },
  [Command.ramYCounter]: { name: 'RAM Y counter', params: 2 },
};

const LAST_X = PANEL.bytesPerRow - 1;
const LAST_Y = PANEL.gates - 1;

interface Registers {
  dataEntryMode: number;
  gates: number | null;
  xWindow: [number, number] | null;
  yWindow: [number, number] | null;
  x: number | null;
  y: number | null;
  updateSequence: number | null;
  temperatureForced: boolean;
}

const resetRegisters = (): Registers => ({
  dataEntryMode: 0x03,
  gates: null,
  xWindow: null,
  yWindow: null,
  x: null,
  y: null,
  updateSequence: null,
  temperatureForced: false,
});

interface RamWrite {
  plane: Uint8Array;
  /** Set once the address counter went past the end of the window. */
  full: boolean;
}

/**
 * An SSD1680 on the other side of the wire: decodes the command stream as the controller does (data
 * entry mode, window, address counter auto-increment, both RAM planes, update control + activation,
 * deep sleep), keeps BUSY high for as long as a panel would, renders each displayed frame as PNG and
 * counts refreshes. What a real controller would silently get wrong is rejected with a
 * Ssd1680ProtocolError: RAM writes before window and cursor are set, anything while BUSY, anything
 * but a hardware reset in deep sleep, windows outside the panel, data without a command.
 */
export class Ssd1680Emulator implements Transport {
  readonly trace: TraceEvent[] = [];
  private readonly timing: PanelTiming;
  private readonly tracing: boolean;
  private readonly listeners = new Set<(frame: EmulatedFrame) => void>();
  private readonly ram = { bw: new Uint8Array(PANEL.ramBytes), red: new Uint8Array(PANEL.ramBytes) };
  private shownRam = new Uint8Array(PANEL.ramBytes).fill(0xff);
  private registers = resetRegisters();
  private pending: { code: number; spec: CommandSpec; data: number[]; ram: RamWrite | null } | null = null;
  private busyUntil = 0;
  private asleep = false;
  private frames = 0;
  private readonly counts: RefreshCounts = { full: 0, fast: 0, partial: 0 };

  constructor(options: EmulatorOptions = {}) {
    this.timing = options.timing ?? REALISTIC_TIMING;
    this.tracing = options.trace ?? false;
  }

  /** Calls `listener` at each display activation; returns the function that stops it. */
  onFrame(listener: (frame: EmulatedFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get refreshes(): RefreshCounts {
    return { ...this.counts };
  }

  get frameCount(): number {
    return this.frames;
  }

  get sleeping(): boolean {
    return this.asleep;
  }

  get busy(): boolean {
    return this.asleep || performance.now() < this.busyUntil;
  }

  /** A copy of RAM 0x24 (black/white, the new picture) or 0x26 (the reference). */
  ramPlane(plane: 0x24 | 0x26): Uint8Array {
    return (plane === Command.writeBlackWhiteRam ? this.ram.bw : this.ram.red).slice();
  }

  /** RAM layout of what the panel shows. */
  get shownRamImage(): Uint8Array {
    return this.shownRam.slice();
  }

  get shownImage(): MonoImage {
    return unpackRam(this.shownRam);
  }

  async reset(): Promise<void> {
    if (this.tracing) this.trace.push({ kind: 'reset' });
    await delay(this.timing.resetPulseMs);
    // A hardware reset aborts whatever ran, leaves deep sleep and restores register defaults; RAM stays.
    this.asleep = false;
    this.busyUntil = 0;
    this.registers = resetRegisters();
    this.pending = null;
  }

  async command(code: number): Promise<void> {
    const spec = SPECS[code];
    if (this.tracing) this.trace.push({ kind: 'command', code, data: [] });
    this.refuseWhileUnavailable(`command ${hex(code)}${spec ? ` (${spec.name})` : ''}`);
    this.completePending();
    if (!spec) throw new Ssd1680ProtocolError(`unknown command ${hex(code)}`);
    if (spec.params === 0) {
      this.execute(code, []);
      return;
    }
    const ram = spec.params === 'ram' ? this.startRamWrite(code, spec) : null;
    this.pending = { code, spec, data: [], ram };
  }

  async data(bytes: Uint8Array): Promise<void> {
    if (this.tracing) {
      const last = this.trace.at(-1);
      if (last?.kind === 'command') last.data.push(...bytes);
    }
    this.refuseWhileUnavailable(`${bytes.length} data byte(s)`);
    const pending = this.pending;
    if (!pending) throw new Ssd1680ProtocolError(`${bytes.length} data byte(s) without a command before them`);
    if (pending.ram) {
      for (const byte of bytes) this.writeRamByte(pending.ram, byte, pending.spec.name);
      return;
    }
    const expected = pending.spec.params as number;
    if (pending.data.length + bytes.length > expected) {
      this.pending = null;
      throw new Ssd1680ProtocolError(
        `${pending.spec.name} (${hex(pending.code)}) takes ${expected} data byte(s), got ${pending.data.length + bytes.length}`,
      );
    }
    pending.data.push(...bytes);
    if (pending.data.length === expected) {
      this.pending = null;
      this.execute(pending.code, pending.data);
    }
  }

  async waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.tracing) this.trace.push({ kind: 'waitIdle' });
    if (!this.busy) return true;
    const remaining = this.busyUntil - performance.now();
    if (this.asleep || remaining > timeoutMs) {
      await delay(timeoutMs);
      return !this.busy;
    }
    await delay(Math.ceil(remaining));
    while (this.busy && !this.asleep) await delay(1);
    return !this.busy;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private refuseWhileUnavailable(what: string): void {
    if (this.asleep) {
      throw new Ssd1680ProtocolError(`${what} in deep sleep: only a hardware reset wakes the controller`);
    }
    if (performance.now() < this.busyUntil) {
      throw new Ssd1680ProtocolError(`${what} while BUSY: wait for BUSY low first`);
    }
  }

  /** A fixed-length command interrupted by the next command is an error; a RAM write just ends. */
  private completePending(): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending || pending.ram) return;
    throw new Ssd1680ProtocolError(
      `${pending.spec.name} (${hex(pending.code)}) got ${pending.data.length} of ${pending.spec.params as number} data byte(s) before the next command`,
    );
  }

  private execute(code: number, data: number[]): void {
    const r = this.registers;
    const [a = 0, b = 0, c = 0, d = 0] = data;
    switch (code) {
      case Command.driverOutputControl:
        r.gates = (a | ((b & 0x01) << 8)) + 1;
        if (r.gates !== PANEL.gates) {
          throw new Ssd1680ProtocolError(`driver output control sets ${r.gates} gates; this panel has ${PANEL.gates}`);
        }
        return;
      case Command.dataEntryMode:
        r.dataEntryMode = a & 0x07;
        return;
      case Command.ramXWindow:
        r.xWindow = [inRange(a & 0x3f, LAST_X, 'RAM X window start'), inRange(b & 0x3f, LAST_X, 'RAM X window end')];
        return;
      case Command.ramYWindow:
        r.yWindow = [
          inRange(a | ((b & 0x01) << 8), LAST_Y, 'RAM Y window start'),
          inRange(c | ((d & 0x01) << 8), LAST_Y, 'RAM Y window end'),
        ];
        return;
      case Command.ramXCounter:
        r.x = inRange(a & 0x3f, LAST_X, 'RAM X counter');
        return;
      case Command.ramYCounter:
        r.y = inRange(a | ((b & 0x01) << 8), LAST_Y, 'RAM Y counter');
        return;
      case Command.displayUpdateControl2:
        r.updateSequence = a;
        return;
      case Command.writeTemperature:
        r.temperatureForced = true;
        return;
      case Command.softwareReset:
        this.registers = resetRegisters();
        this.busyFor(this.timing.softwareResetMs);
        return;
      case Command.masterActivation:
        this.activate();
        return;
      case Command.deepSleep:
        if (a === 0x00) return;
        if (a !== 0x01 && a !== 0x03) throw new Ssd1680ProtocolError(`deep sleep mode ${hex(a)} does not exist (0x00, 0x01, 0x03)`);
        // Mode 2 (0x03) loses the RAM.
        if (a === 0x03) {
          this.ram.bw.fill(0);
          this.ram.red.fill(0);
        }
        this.asleep = true;
        return;
      default:
        // Border, update control 1, temperature sensor: accepted, no effect on the picture here.
        return;
    }
  }

  private startRamWrite(code: number, spec: CommandSpec): RamWrite {
    const r = this.registers;
    if (r.xWindow === null || r.yWindow === null || r.x === null || r.y === null) {
      throw new Ssd1680ProtocolError(
        `${spec.name} before the RAM window (0x44, 0x45) and address counter (0x4E, 0x4F) were set since the last reset`,
      );
    }
    const xIncrements = (r.dataEntryMode & 0x01) !== 0;
    const yIncrements = (r.dataEntryMode & 0x02) !== 0;
    checkWindow('X', r.xWindow, xIncrements, r.x);
    checkWindow('Y', r.yWindow, yIncrements, r.y);
    return { plane: code === Command.writeBlackWhiteRam ? this.ram.bw : this.ram.red, full: false };
  }

  private writeRamByte(write: RamWrite, byte: number, name: string): void {
    const r = this.registers as Registers & { xWindow: [number, number]; yWindow: [number, number]; x: number; y: number };
    if (write.full) {
      throw new Ssd1680ProtocolError(`${name}: more bytes than the RAM window holds (it would wrap around and overwrite)`);
    }
    write.plane[r.y * PANEL.bytesPerRow + r.x] = byte;
    const xStep = (r.dataEntryMode & 0x01) !== 0 ? 1 : -1;
    const yStep = (r.dataEntryMode & 0x02) !== 0 ? 1 : -1;
    const yFirst = (r.dataEntryMode & 0x04) !== 0;
    const [x, xWrapped] = step(r.x, xStep, r.xWindow);
    const [y, yWrapped] = step(r.y, yStep, r.yWindow);
    if (yFirst) {
      r.y = y;
      if (yWrapped) {
        r.x = x;
        write.full = xWrapped;
      }
    } else {
      r.x = x;
      if (xWrapped) {
        r.y = y;
        write.full = yWrapped;
      }
    }
  }

  private activate(): void {
    const r = this.registers;
    const sequence = r.updateSequence;
    if (sequence === null) {
      throw new Ssd1680ProtocolError('master activation (0x20) without display update control (0x22) since the last reset');
    }
    const displays = (sequence & 0x04) !== 0;
    if (!displays) {
      this.busyFor(this.timing.loadMs);
      return;
    }
    if (r.gates === null) {
      throw new Ssd1680ProtocolError('display update before driver output control (0x01) set the panel geometry since the last reset');
    }
    const differential = (sequence & 0x08) !== 0;
    const kind: RefreshKind = differential ? 'partial' : r.temperatureForced ? 'fast' : 'full';
    const staleReferencePixels = differential ? differingPixels(this.ram.red, this.shownRam) : 0;
    this.shownRam = this.ram.bw.slice();
    this.counts[kind]++;
    this.frames++;
    this.busyFor(kind === 'full' ? this.timing.fullMs : kind === 'fast' ? this.timing.fastMs : this.timing.partialMs);
    if (this.listeners.size === 0) return;
    const image = unpackRam(this.shownRam);
    const frame: EmulatedFrame = {
      number: this.frames,
      kind,
      image,
      png: encodeMonoPng(image),
      refreshes: this.refreshes,
      staleReferencePixels,
    };
    for (const listener of this.listeners) listener(frame);
  }

  private busyFor(ms: number): void {
    this.busyUntil = performance.now() + ms;
  }
}

function inRange(value: number, max: number, what: string): number {
  if (value > max) throw new Ssd1680ProtocolError(`${what} ${value} is outside the panel (0..${max})`);
  return value;
}

function checkWindow(axis: string, [start, end]: [number, number], increments: boolean, counter: number): void {
  if (increments ? start > end : start < end) {
    throw new Ssd1680ProtocolError(
      `RAM ${axis} window ${start}..${end} runs against the ${increments ? 'increasing' : 'decreasing'} data entry mode`,
    );
  }
  const [low, high] = increments ? [start, end] : [end, start];
  if (counter < low || counter > high) {
    throw new Ssd1680ProtocolError(`RAM ${axis} counter ${counter} is outside the RAM window ${start}..${end}`);
  }
}

/** Moves a counter one step inside its window; wraps to the start past the end. */
function step(value: number, direction: 1 | -1, [start, end]: [number, number]): [number, boolean] {
  if (value === end) return [start, true];
  return [value + direction, false];
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let count = 0;
  const lastByteMask = 0xff << (8 - (PANEL.sources % 8)) & 0xff;
  for (let row = 0; row < PANEL.gates; row++) {
    for (let column = 0; column < PANEL.bytesPerRow; column++) {
      const index = row * PANEL.bytesPerRow + column;
      const mask = column < Math.floor(PANEL.sources / 8) ? 0xff : column === Math.floor(PANEL.sources / 8) ? lastByteMask : 0;
      count += popcount(((a[index] ?? 0) ^ (b[index] ?? 0)) & mask);
    }
  }
  return count;
}

function popcount(byte: number): number {
  let count = 0;
  for (let v = byte; v !== 0; v &= v - 1) count++;
  return count;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
