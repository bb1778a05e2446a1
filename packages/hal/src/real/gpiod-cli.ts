import type { Bit, EdgeKind, EdgeSelection } from '../gpio';
import { HalError } from '../gpio';

/**
 * The libgpiod command-line tools, whose syntax changed between v1 (Debian 12, Yocto kirkstone) and
 * v2 (Yocto scarthgap). Pure: builds argument arrays and parses output; the caller runs them.
 */
export type GpiodMajor = 1 | 2;

export function parseGpiodVersion(output: string): GpiodMajor {
  const match = /\(libgpiod\)\s+v?(\d+)\.|gpio\w+\s+v(\d+)\./.exec(output);
  const major = Number(match?.[1] ?? match?.[2]);
  if (major === 1 || major === 2) return major;
  throw new HalError(`unsupported libgpiod tools version: ${JSON.stringify(output.split('\n')[0] ?? '')}`);
}

export function gpiogetArgs(major: GpiodMajor, chip: string, line: number): string[] {
  return major === 1 ? [chip, String(line)] : ['--numeric', '-c', chip, String(line)];
}

/** v1 prints `0`/`1`; v2 with --numeric prints `0`/`1` too (without it `"9"=inactive`). */
export function parseGpioget(output: string, source: string): Bit {
  const text = output.trim();
  if (text === '0' || /=inactive$/.test(text)) return 0;
  if (text === '1' || /=active$/.test(text)) return 1;
  throw new HalError(`${source}: unexpected gpioget output ${JSON.stringify(text.slice(0, 40))}`);
}

/**
 * A process that holds an output line at a value. The kernel releases a line (and may revert it)
 * when the last process holding it exits, so a plain one-shot gpioset is not enough.
 * v2: interactive mode, later values are sent on stdin (`set 13=1`); v1: signal mode, one process
 * per value (the line is briefly released between two values).
 */
export function gpiosetHoldArgs(major: GpiodMajor, chip: string, line: number, value: Bit): string[] {
  return major === 1
    ? ['--mode=signal', chip, `${line}=${value}`]
    : ['--interactive', '-c', chip, `${line}=${value}`];
}

export function gpiosetInteractiveCommand(line: number, value: Bit): string {
  return `set ${line}=${value}\n`;
}

const EDGE_FLAGS_V1: Record<EdgeSelection, string[]> = {
  falling: ['--falling-edge'],
  rising: ['--rising-edge'],
  both: [],
};

export function gpiomonArgs(major: GpiodMajor, chip: string, line: number, edges: EdgeSelection): string[] {
  return major === 1
    ? ['--line-buffered', '--format=%o %e', ...EDGE_FLAGS_V1[edges], chip, String(line)]
    : ['-c', chip, '-e', edges, '--format=%o %E', String(line)];
}

/** One event line: v1 `%o %e` = `9 0` (0 falling, 1 rising); v2 `%o %E` = `9 falling`. */
export function parseGpiomonLine(text: string): { line: number; edge: EdgeKind } | null {
  const match = /^(\d+)\s+(0|1|falling|rising)$/.exec(text.trim());
  if (!match) return null;
  const edge: EdgeKind = match[2] === '0' || match[2] === 'falling' ? 'falling' : 'rising';
  return { line: Number(match[1]), edge };
}
