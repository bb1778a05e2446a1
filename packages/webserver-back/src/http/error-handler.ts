import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@mapio/runtime';
import { ApiError, type ErrorCode } from './api-error';
import { DomainError, type DomainErrorKind } from '../domain-error';
import { isDockerUnreachable } from '../docker/engine-errors';

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
      logger.error({ method: req.method, path: req.path, err: (error as Error)?.message ?? String(error) }, 'request failed');
    }
    res.status(apiError.status).json(apiError.toEnvelope());
  };
}

/** Each domain error kind travels with one envelope code. */
const DOMAIN_ERROR_CODES: Record<DomainErrorKind, ErrorCode> = {
  invalid: 'validation_failed',
  not_found: 'not_found',
  conflict: 'conflict',
  too_large: 'payload_too_large',
  insufficient_storage: 'insufficient_storage',
  unavailable: 'unavailable',
};

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) {
    const details = error.dependency === undefined ? error.details : { dependency: error.dependency, ...(error.details as object | undefined) };
    return new ApiError(DOMAIN_ERROR_CODES[error.kind], error.message, details);
  }
  const e = error as { type?: string; status?: number; message?: string; limit?: number };
  if (e?.type === 'entity.too.large') return new ApiError('payload_too_large', `request body larger than ${e.limit ?? 0} bytes`);
  if (e?.type === 'entity.parse.failed') return new ApiError('validation_failed', `request body is not valid JSON: ${e.message ?? ''}`);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new ApiError('unsupported_media_type', e.message ?? 'unsupported body encoding');
  }
  if (isDockerUnreachable(error)) return new ApiError('docker_unavailable', 'the Docker Engine is not reachable: try again once it runs');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('validation_failed', e.message ?? 'bad request');
  return new ApiError('internal', 'internal error (see the daemon log)');
}
