import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HalError } from '../gpio';
import type { LineConfigurer, TicBaudRate } from '../serial';

const execFileAsync = promisify(execFile);

/** `stty` arguments for a TIC line: raw, 7 data bits, even parity, 1 stop bit, no echo, receive on. */
export function ticSttyArgs(device: string, baud: TicBaudRate): string[] {
  // `raw` first: later settings (cs7 parenb) override what it implies.
  return ['-F', device, String(baud), 'raw', 'cs7', 'parenb', '-parodd', '-cstopb', 'cread', 'clocal', '-crtscts', '-echo'];
}

/**
 * Only the speed, for a pseudo-terminal standing in for the TIC port (simulation): Linux ptys refuse
 * 7E1 but keep the speed, so the configured line speed stays observable with `stty -F`.
 */
export function ptySttyArgs(device: string, baud: TicBaudRate): string[] {
  return ['-F', device, String(baud), 'raw', '-echo'];
}

async function runStty(args: string[], what: string): Promise<void> {
  try {
    await execFileAsync('stty', args, { timeout: 2000 });
  } catch (error) {
    throw new HalError(`${what} failed: ${(error as Error).message.trim()}`);
  }
}

export const sttyConfigurer: LineConfigurer = (device, baud) =>
  runStty(ticSttyArgs(device, baud), `stty on ${device} (${baud} baud 7E1)`);

export const ptySttyConfigurer: LineConfigurer = (device, baud) =>
  runStty(ptySttyArgs(device, baud), `stty on ${device} (${baud} baud)`);
