import { z } from 'zod';
import { isoTimestamp } from './common';

export const InitPhase = z.enum(['growing', 'checking', 'done', 'failed']);
export type InitPhase = z.infer<typeof InitPhase>;

const bytes = z.number().int().nonnegative();

/** `mapio/init/state`: first-boot / post-OTA work. Its last will says `failed`. */
export const InitState = z.object({
  phase: InitPhase,
  message: z.string(),
  at: isoTimestamp.optional(),
  /** grow: the data partition and its size before / after (bytes). */
  device: z.string().optional(),
  sizes: z.object({ before: bytes, after: bytes }).optional(),
  /** health: the booted RAUC slot (its bootname, e.g. `A`) and the OS version checked. */
  slot: z.string().optional(),
  version: z.string().optional(),
  /** What went wrong, when phase is `failed`. */
  error: z.string().optional(),
});
export type InitState = z.infer<typeof InitState>;
