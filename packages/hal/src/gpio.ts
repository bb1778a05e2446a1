export type Bit = 0 | 1;
export type EdgeKind = 'rising' | 'falling';
export type EdgeSelection = EdgeKind | 'both';

export interface EdgeEvent {
  edge: EdgeKind;
  /** process.hrtime-based milliseconds (monotonic), for debouncing. */
  atMs: number;
}

/** An input line: read its level, be told about edges. */
export interface GpioInput {
  readonly name: string;
  read(): Promise<Bit>;
  /** Calls `listener` on each selected edge; returns the function that stops watching. */
  watch(edges: EdgeSelection, listener: (event: EdgeEvent) => void): () => void;
  close(): Promise<void>;
}

/** An output line. Opening one never changes its level; only `write` does. */
export interface GpioOutput {
  readonly name: string;
  write(value: Bit): Promise<void>;
  read(): Promise<Bit>;
  close(): Promise<void>;
}

export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

export function parseBit(text: string, source: string): Bit {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '1') return 1;
  throw new HalError(`${source}: expected 0 or 1, read ${JSON.stringify(trimmed)}`);
}

/** A hardware access failed or returned something unexpected; the message names the device. */
export class HalError extends Error {}
