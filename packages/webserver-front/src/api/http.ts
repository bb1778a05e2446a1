import { ErrorEnvelope } from '@mapio/webserver-api';
import type { z } from 'zod';

/** A request that failed, with the message to show the owner (the server's envelope message when there is one). */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the server answers 401: the session is gone, the app shows the pairing page. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Turns any non-2xx answer into an ApiFailure carrying the envelope's message. */
export async function failureOf(response: Response): Promise<ApiFailure> {
  if (response.status === 401) for (const listener of unauthorizedListeners) listener();
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy's page or a crash; the status says enough
  }
  const envelope = ErrorEnvelope.safeParse(body);
  if (envelope.success) {
    const { code, message, details } = envelope.data.error;
    return new ApiFailure(message, response.status, code, details);
  }
  return new ApiFailure(`the MAPIO box answered ${response.status} ${response.statusText || ''}`.trim(), response.status, 'http');
}

/**
 * One call to the API, its answer parsed with the schema webserver-back answers with. The session
 * cookie goes along by itself (same origin).
 */
export async function request<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure('the MAPIO box does not answer: is it on, and on this network?', 0, 'network');
  }
  if (!response.ok) throw await failureOf(response);
  if (response.status === 204) return schema.parse(undefined);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiFailure(`the MAPIO box answered ${path} in a form this page does not know (is the page older than the box?)`, response.status, 'unexpected_answer');
  }
  return parsed.data;
}
