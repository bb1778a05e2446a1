import type { z } from 'zod';
import { ApiError } from './api-error';

/**
 * Parses one part of a request (params, query, body) with its schema, or throws a 400 whose details
 * name each bad field. Every route goes through here: inside, values are typed and trusted.
 */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, part: 'params' | 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ApiError('validation_failed', `invalid request ${part}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}
