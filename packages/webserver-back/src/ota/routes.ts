import { Router, type Request } from 'express';
import type { BundleBody } from './bundle-upload';
import type { OsUpdate } from './os-update';

/** The request body as the OTA domain reads it (never parsed or buffered by Express). */
export function bundleBodyOf(req: Request): BundleBody {
  const length = Number(req.headers['content-length']);
  return { stream: req, contentType: req.headers['content-type'], length: Number.isSafeInteger(length) && length >= 0 ? length : null };
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
    const { job, bundle } = await update.upload(bundleBodyOf(req));
    res.status(202).json({ job, bundle, ota: update.state });
  });

  return router;
}
