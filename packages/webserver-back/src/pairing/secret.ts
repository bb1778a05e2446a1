import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: pairing tokens and session ids. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a secret: what is kept in memory and compared, never the secret itself. */
export function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compares in time independent of where the two differ (both digests have the same length). */
export function sameSecret(candidate: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(digestOf(candidate), expectedDigest);
}
