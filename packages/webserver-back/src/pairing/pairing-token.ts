import { digestOf, newSecret, sameSecret } from './secret';

export const PAIRING_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** The current pairing token: rotated on demand, valid for `lifetimeMs` or until it is replaced. */
export class PairingToken {
  private digest: Buffer | null = null;
  private expires = 0;

  constructor(
    readonly lifetimeMs = PAIRING_TOKEN_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  rotate(): IssuedToken {
    const token = newSecret();
    this.digest = digestOf(token);
    this.expires = this.now() + this.lifetimeMs;
    return { token, expiresAt: new Date(this.expires) };
  }

  verify(candidate: string): boolean {
    if (!this.digest) return false;
    const same = sameSecret(candidate, this.digest);
    return same && this.now() < this.expires;
  }
}
