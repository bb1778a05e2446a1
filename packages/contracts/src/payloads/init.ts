import { z } from 'zod';
import { isoTimestamp } from './common';

export const InitPhase = z.enum(['growing', 'checking', 'done', 'failed']);
export type InitPhase = z.infer<typeof InitPhase>;

/** `mapio/init/state`: first-boot / post-OTA work. Its last will says `failed`. */
export const InitState = z.object({
  phase: InitPhase,
  message: z.string(),
  at: isoTimestamp.optional(),
});
export type InitState = z.infer<typeof InitState>;
