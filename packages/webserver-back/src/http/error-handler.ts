import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@mapio/runtime';
import { errorMessage } from '@mapio/runtime';
import { DomainError, type DomainErrorKind } from '../domain-error';
import { ApiError, type ErrorCode } from './api-error';

const CODE_OF_KIND: Record<Exclude<DomainErrorKind, 'unavailable'>, ErrorCode> = {
  invalid: 'validation_failed',
  not_found: 'not_found',
  conflict: 'conflict',
  too_large: 'payload_too_large',
  insufficient_storage: 'insufficient_storage',
};

/** The code of a part that does not answer: `<dependency>_unavailable` when clients know it. */
const UNAVAILABLE_CODES: Partial<Record<string, ErrorCode>> = {
  docker: 'docker_unavailable',
  compose: 'compose_unavailable',
  registry: 'registry_unavailable',
};

/** The one mapping of domain errors to the HTTP envelope. */
function fromDomainError(error: DomainError): ApiError {
  const code = error.kind === 'unavailable' ? (UNAVAILABLE_CODES[error.dependency ?? ''] ?? 'unavailable') : CODE_OF_KIND[error.kind];
  return new ApiError(code, error.message, error.details);
}

/** Unknown routes: the envelope with 404 (never Express's HTML page). */
export const unknownRoute: RequestHandler = (req) => {
  throw new ApiError('not_found', `no route ${req.method} ${req.path}`);
};

/** Maps every error to the envelope: ours keep their code, body-parser's get theirs, the rest is 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const apiError = toApiError(error);
    if (apiError.status >= 500) {
      logger.error({ method: req.method, path: req.path, err: errorMessage(error) }, 'request failed');
    }
    res.status(apiError.status).json(apiError.toEnvelope());
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  const e = error as { type?: string; status?: number; message?: string; limit?: number };
  if (e?.type === 'entity.too.large') return new ApiError('payload_too_large', `request body larger than ${e.limit ?? 0} bytes`);
  if (e?.type === 'entity.parse.failed') return new ApiError('validation_failed', `request body is not valid JSON: ${e.message ?? ''}`);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new ApiError('unsupported_media_type', e.message ?? 'unsupported body encoding');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('validation_failed', e.message ?? 'bad request');
  return new ApiError('internal', 'internal error (see the daemon log)');
}
