import { Router } from 'express';
import { z } from 'zod';
import { multipartFields } from '../http/multipart-fields';
import { parseRequestPart } from '../http/validate';
import type { AuthorizedKeys } from './authorized-keys';

const SetKeyForm = z.object({ userkey: z.string().min(1) });

/** The old front end's `POST /ssh-setkey` (multipart text field `userkey`): 200 once the key is in. */
export function legacySshRoutes(keys: AuthorizedKeys): Router {
  const router = Router();
  router.post('/ssh-setkey', async (req, res) => {
    const { userkey } = parseRequestPart(SetKeyForm, await multipartFields(req), 'body');
    const { key, added } = await keys.add(userkey);
    res.status(200).json({ added, fingerprint: key.fingerprint });
  });
  return router;
}
