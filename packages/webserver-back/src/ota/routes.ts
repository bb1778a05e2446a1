import { Router, type Request, type Response } from 'express';
import type { BundleBody } from './bundle-upload';
import type { OsUpdate } from './os-update';

/** The request body as the OTA domain reads it (never parsed or buffered by Express). */
export function bundleBodyOf(req: Request): BundleBody {
  const length = Number(req.headers['content-length']);
  return { stream: req, contentType: req.headers['content-type'], length: Number.isSafeInteger(length) && length >= 0 ? length : null };
}

/**
 * Receives a bundle. Refused before the client finished sending, a body of announced length is
 * drained after the answer (Node does that), so the client reads the answer instead of a broken
 * pipe; a chunked one has no end to wait for: the connection is closed after the answer.
 */
export async function acceptBundle<T>(req: Request, res: Response, upload: (body: BundleBody) => Promise<T>): Promise<T> {
  const body = bundleBodyOf(req);
  try {
    return await upload(body);
  } catch (error) {
    if (!req.complete && body.length === null) res.setHeader('Connection', 'close');
    throw error;
  }
}

/**
 * `POST /api/v1/ota`: a bundle as `application/octet-stream` or the multipart field `bundle`; 202 with
 * the job once it is verified (the install goes on), or why it was refused. `GET /api/v1/ota`: the state.
 */
export function otaRoutes(update: OsUpdate): Router {
  const router = Router();

  router.get('/ota', (_req, res) => {
    res.json(update.state);
  });

  router.post('/ota', async (req, res) => {
    const { job, bundle } = await acceptBundle(req, res, (body) => update.upload(body));
    res.status(202).json({ job, bundle, ota: update.state });
  });

  return router;
}
