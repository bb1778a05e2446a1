import type { Request, RequestHandler } from 'express';
import { ApiError } from '../http/api-error';
import type { PairingToken } from './pairing-token';
import type { SessionStore } from './session-store';

export const SESSION_COOKIE = 'mapio_session';
const MAX_CREDENTIAL_LENGTH = 512;

/** The value of one cookie from a Cookie header (first occurrence), or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** The credential a request carries: `Authorization: Bearer <token>`, else the session cookie. */
export function presentedCredential(authorization: string | undefined, cookie: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const credential = bearer ?? cookieValue(cookie, SESSION_COOKIE);
  return credential && credential.length <= MAX_CREDENTIAL_LENGTH ? credential : undefined;
}

/** Whether a request carries a valid session (cookie or Bearer) or the current pairing token as Bearer. */
export function isPaired(req: Request, sessions: SessionStore, pairing: PairingToken): boolean {
  const credential = presentedCredential(req.headers.authorization, req.headers.cookie);
  return credential !== undefined && (sessions.verify(credential) || pairing.verify(credential));
}

/**
 * Lets a request through with a valid session (cookie or Bearer) or the current pairing token as
 * Bearer; anything else is 401. With MAPIO_AUTH=off everything passes (logged once at start).
 */
export function requireSession(enabled: boolean, sessions: SessionStore, pairing: PairingToken): RequestHandler {
  return (req, res, next) => {
    if (!enabled) {
      next();
      return;
    }
    if (isPaired(req, sessions, pairing)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="mapio"');
    throw new ApiError('unauthorized', 'not paired: open the pairing link shown on the MAPIO screen, or send Authorization: Bearer <token>');
  };
}
