import type { LineConfigurer, TicBaudRate } from '../serial';
import { runTool } from './run-tool';

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

export const sttyConfigurer: LineConfigurer = async (device, baud) => {
  await runTool('stty', ticSttyArgs(device, baud), `stty on ${device} (${baud} baud 7E1)`);
};

export const ptySttyConfigurer: LineConfigurer = async (device, baud) => {
  await runTool('stty', ptySttyArgs(device, baud), `stty on ${device} (${baud} baud)`);
};
