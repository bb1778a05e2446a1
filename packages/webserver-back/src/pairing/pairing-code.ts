import { randomInt } from 'node:crypto';

/** No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): read off a small screen and typed by a person. */
export const PAIRING_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const GROUP = 4;

/** A fresh `XXXX-XXXX` code: 8 characters of a 25-letter alphabet, about 37 bits. */
export function newPairingCode(): string {
  const chars = Array.from({ length: GROUP * 2 }, () => PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)]);
  return `${chars.slice(0, GROUP).join('')}-${chars.slice(GROUP).join('')}`;
}

/** What a person typed, as the code is written: upper case, the dash where it belongs, spaces dropped. */
export function normalizePairingCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== GROUP * 2 || [...compact].some((char) => !PAIRING_CODE_ALPHABET.includes(char))) return null;
  return `${compact.slice(0, GROUP)}-${compact.slice(GROUP)}`;
}

/**
 * Guessing the short code is slowed down: at most `maxFailures` wrong codes per window, for every
 * client together (on a LAN addresses are cheap); the long token and the QR code are never limited.
 */
export class PairingCodeAttempts {
  private failures: number[] = [];

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until another attempt is allowed, 0 if one is allowed now. */
  retryAfterMs(): number {
    const now = this.now();
    this.failures = this.failures.filter((at) => now - at < this.windowMs);
    if (this.failures.length < this.maxFailures) return 0;
    return (this.failures[0] ?? now) + this.windowMs - now;
  }

  recordFailure(): void {
    this.failures.push(this.now());
  }
}
