import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { parseRequestPart } from '../http/validate';
import { SESSION_COOKIE } from './authentication';
import { PairingCodeAttempts } from './pairing-code';
import { pairingPage } from './pairing-page';
import type { PairingToken } from './pairing-token';
import type { SessionStore } from './session-store';

const PairQuery = z.union([z.strictObject({ token: z.string().min(1).max(512) }), z.strictObject({ code: z.string().min(1).max(32) })]);

/**
 * `GET /pair?token=` (the QR code's link) or `GET /pair?code=` (the short code typed on the pairing
 * page, rate-limited): a valid one becomes a session cookie and a redirect to the app.
 */
export function pairingRoutes(pairing: PairingToken, sessions: SessionStore, attempts = new PairingCodeAttempts()): Router {
  const router = Router();
  router.get('/pair', (req, res) => {
    const query = parseRequestPart(PairQuery, req.query, 'query');
    if ('token' in query) {
      if (!pairing.verify(query.token)) {
        throw new ApiError('unauthorized', 'this pairing link is wrong or expired: scan the QR code on the MAPIO screen again');
      }
    } else {
      const wait = attempts.retryAfterMs();
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        refuseCode(req, res, 'too_many_requests', `too many wrong codes: try again in ${Math.ceil(wait / 1000)} s`);
        return;
      }
      if (!pairing.verifyCode(query.code)) {
        attempts.recordFailure();
        refuseCode(req, res, 'unauthorized', 'this code is wrong or expired: type the code the MAPIO screen shows now');
        return;
      }
    }
    const session = sessions.create();
    res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: session.maxAgeMs });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, '/');
  });
  return router;
}

/** A person typed the code: show the page again with what went wrong; a script gets the envelope. */
function refuseCode(req: Request, res: Response, code: 'unauthorized' | 'too_many_requests', message: string): void {
  const error = new ApiError(code, message);
  res.status(error.status).setHeader('Cache-Control', 'no-store');
  if (req.accepts(['json', 'html']) === 'html') res.type('html').send(pairingPage(message));
  else res.json(error.toEnvelope());
}
