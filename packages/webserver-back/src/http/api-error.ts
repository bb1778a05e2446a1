import type { ErrorCode } from '@mapio/webserver-api';

export type { ErrorCode } from '@mapio/webserver-api';

/** The codes clients can branch on (the shared API schema's), with the HTTP status each one travels with. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported_media_type: 415,
  insufficient_storage: 507,
  unavailable: 503,
  docker_unavailable: 503,
  compose_unavailable: 503,
  registry_unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** The one error envelope of the API: `{ "error": { "code", "message", "details"? } }`. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An error meant for the client: its message says what failed, on what input and what to do. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toEnvelope(): ErrorEnvelope {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export const notFound = (what: string): ApiError => new ApiError('not_found', `${what} does not exist`);
