import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  name: string;
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/** Keys whose values never reach a log line, wherever they appear (two levels deep). */
const REDACTED = ['password', 'token', 'secret', 'authorization', 'cookie'].flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
]);

/** One structured line per event; pretty on a terminal (or when asked), JSON otherwise. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const usePretty =
    options.format === 'pretty' || (options.format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const base = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED, censor: '[redacted]' },
  };
  if (usePretty) {
    // Loaded only when used: it is for people at a terminal and costs memory in every daemon.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as typeof PinoPretty;
    return pino(base, pretty({ sync: true, destination, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', singleLine: true }));
  }
  return pino(base, destination);
}
