import type { z } from 'zod';

/**
 * One entry of the MQTT contract: a topic pattern, how its payload travels on the wire and the zod
 * schema every publisher and subscriber parses it with.
 *
 * - `json`: UTF-8 JSON. An empty message is read as `null` (how a retained topic is cleared), so only
 *   schemas that accept `null` accept it.
 * - `text`: a bare UTF-8 string (`online`, `ON`, ...) where Home Assistant or MQTT habit expects one.
 */
export interface Channel<S extends z.ZodType = z.ZodType> {
  readonly pattern: string;
  readonly format: 'json' | 'text';
  readonly schema: S;
  /** Whether the publisher sets the MQTT retain flag. */
  readonly retain: boolean;
  readonly description: string;
  /** Wire payloads the schema must accept / reject; they document the contract and are tested. */
  readonly examples: { readonly valid: readonly string[]; readonly invalid: readonly string[] };
}

export function channel<S extends z.ZodType>(definition: Channel<S>): Channel<S> {
  return definition;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses a wire payload with the channel's schema. Never throws. */
export function decodePayload<S extends z.ZodType>(
  ch: Channel<S>,
  payload: Buffer | string,
): DecodeResult<z.output<S>> {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  let raw: unknown = text;
  if (ch.format === 'json') {
    if (text.length === 0) {
      raw = null;
    } else {
      try {
        raw = JSON.parse(text);
      } catch {
        return { ok: false, reason: `not JSON: ${preview(text)}` };
      }
    }
  }
  const parsed = ch.schema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  return { ok: true, value: parsed.data };
}

export class InvalidPayloadError extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`invalid payload for ${topic}: ${reason}`);
  }
}

/** Validates then serialises a payload; throws InvalidPayloadError (a bug in the publisher). */
export function encodePayload<S extends z.ZodType>(
  ch: Channel<S>,
  topic: string,
  value: z.input<S>,
): string {
  const parsed = ch.schema.safeParse(value);
  if (!parsed.success) throw new InvalidPayloadError(topic, describeIssues(parsed.error));
  if (ch.format === 'text') return String(parsed.data);
  return parsed.data === null ? '' : JSON.stringify(parsed.data);
}

/** One short line: `path: message; path: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

function preview(text: string): string {
  const oneLine = JSON.stringify(text);
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
