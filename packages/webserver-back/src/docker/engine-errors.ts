const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES', 'ETIMEDOUT']);

/** True when a dockerode call failed because the Engine's socket does not answer (not an API error). */
export function isDockerUnreachable(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.statusCode === 'number') return false;
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && /socket hang up|connect E[A-Z]+/.test(e.message);
}

/** The HTTP status of an Engine API error (404 no such container, 409 conflict, ...), if it is one. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
