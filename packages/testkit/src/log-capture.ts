import { PassThrough } from 'node:stream';
import pino, { type Logger } from 'pino';
import { WAIT_CEILING_MS } from './wait-ceiling';

/** A pino logger whose JSON lines a test can read back. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = pino({ level }, out);
  const lines = () =>
    text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

/** Polls `condition` until it holds (or fails the test after timeoutMs). */
export async function eventually<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = WAIT_CEILING_MS, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
