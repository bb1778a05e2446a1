import { newPairingCode, normalizePairingCode } from './pairing-code';
import { digestOf, newSecret, sameSecret } from './secret';

export const PAIRING_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface IssuedToken {
  token: string;
  /** The short form a person types, valid as long as the token. */
  code: string;
  expiresAt: Date;
}

/** The current pairing token: rotated on demand, valid for `lifetimeMs` or until it is replaced. */
export class PairingToken {
  private digest: Buffer | null = null;
  private codeDigest: Buffer | null = null;
  private expires = 0;

  constructor(
    readonly lifetimeMs = PAIRING_TOKEN_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  rotate(): IssuedToken {
    const token = newSecret();
    const code = newPairingCode();
    this.digest = digestOf(token);
    this.codeDigest = digestOf(code);
    this.expires = this.now() + this.lifetimeMs;
    return { token, code, expiresAt: new Date(this.expires) };
  }

  /** The short code as typed (any case, with or without the dash). */
  verifyCode(typed: string): boolean {
    const code = normalizePairingCode(typed);
    if (!this.codeDigest || code === null) return false;
    return sameSecret(code, this.codeDigest) && this.now() < this.expires;
  }

  verify(candidate: string): boolean {
    if (!this.digest) return false;
    const same = sameSecret(candidate, this.digest);
    return same && this.now() < this.expires;
  }
}
