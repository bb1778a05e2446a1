import { digestOf, newSecret } from './secret';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60_000;
const MAX_SESSIONS = 256;

/**
 * Browser sessions created by /pair. Only the SHA-256 of each session id is kept, and looked up by
 * that digest, so neither memory nor timing gives the id away. Sessions live 30 days, in memory (a
 * restart of the daemon asks for pairing again).
 */
export class SessionStore {
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  create(): { id: string; maxAgeMs: number } {
    this.prune();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const id = newSecret();
    this.sessions.set(digestOf(id).toString('hex'), this.now() + SESSION_LIFETIME_MS);
    return { id, maxAgeMs: SESSION_LIFETIME_MS };
  }

  verify(id: string): boolean {
    const expires = this.sessions.get(digestOf(id).toString('hex'));
    return expires !== undefined && this.now() < expires;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
  }
}
