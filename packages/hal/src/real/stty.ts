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

export const sttyConfigurer: LineConfigurer = async (device, baud) => {
  try {
    await execFileAsync('stty', ticSttyArgs(device, baud), { timeout: 2000 });
  } catch (error) {
    throw new HalError(`stty on ${device} (${baud} baud 7E1) failed: ${(error as Error).message.trim()}`);
  }
};
