import { z } from 'zod';

/** The codes a client can branch on (the HTTP status travels with each one). */
export const ErrorCode = z.enum([
  'validation_failed',
  'unauthorized',
  'not_found',
  'conflict',
  'payload_too_large',
  'too_many_requests',
  'unsupported_media_type',
  'insufficient_storage',
  'unavailable',
  'docker_unavailable',
  'compose_unavailable',
  'registry_unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Every failure of the API: `{ "error": { "code", "message", "details"? } }`. */
export const ErrorEnvelope = z.object({
  error: z.object({
    // A newer server may add codes: an unknown one is still an error with a message to show.
    code: z.union([ErrorCode, z.string()]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
