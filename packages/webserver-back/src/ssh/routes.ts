import express, { Router } from 'express';
import { z } from 'zod';
import { parseRequestPart } from '../http/validate';
import type { AuthorizedKeys } from './authorized-keys';

const jsonBody = express.json({ limit: '64kb' });
const AddKey = z.strictObject({ key: z.string().min(1).max(16 * 1024) });
const KeyParams = z.strictObject({ fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected a SHA256:... fingerprint') });

/**
 * `GET /api/v1/ssh/keys` (type, comment, bits, SHA256 fingerprint), `POST /api/v1/ssh/keys` `{key}`
 * (201 added, 200 already there), `DELETE /api/v1/ssh/keys/{fingerprint}` (URL-encoded).
 */
export function sshRoutes(keys: AuthorizedKeys): Router {
  const router = Router();

  router.get('/ssh/keys', async (_req, res) => {
    res.json(await keys.list());
  });

  router.post('/ssh/keys', jsonBody, async (req, res) => {
    const { key } = parseRequestPart(AddKey, req.body, 'body');
    const result = await keys.add(key);
    res.status(result.added ? 201 : 200).json(result);
  });

  router.delete('/ssh/keys/:fingerprint', async (req, res) => {
    const { fingerprint } = parseRequestPart(KeyParams, req.params, 'params');
    await keys.remove(fingerprint);
    res.status(204).end();
  });

  return router;
}
