import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { parseRequestPart } from '../http/validate';
import { SESSION_COOKIE } from './authentication';
import type { PairingToken } from './pairing-token';
import type { SessionStore } from './session-store';

const PairQuery = z.strictObject({ token: z.string().min(1).max(512) });

/** `GET /pair?token=`: the QR code's link; a valid token becomes a session cookie. */
export function pairingRoutes(pairing: PairingToken, sessions: SessionStore): Router {
  const router = Router();
  router.get('/pair', (req, res) => {
    const { token } = parseRequestPart(PairQuery, req.query, 'query');
    if (!pairing.verify(token)) {
      throw new ApiError('unauthorized', 'this pairing link is wrong or expired: scan the QR code on the MAPIO screen again');
    }
    const session = sessions.create();
    res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: session.maxAgeMs });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, '/');
  });
  return router;
}
