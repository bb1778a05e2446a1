import { Router } from 'express';
import { acceptBundle } from './routes';
import type { OsUpdate, OsUpdateStatus } from './os-update';

/** The line the old Update page shows under its spinner (`updateStatus`). */
export function updateStatusLine(state: OsUpdateStatus): string {
  switch (state.phase) {
    case 'idle':
      return 'No update in progress';
    case 'uploading':
      return `Uploading the update: ${state.progress}%`;
    case 'verifying':
      return 'Checking the update';
    case 'installing':
      return `Installing ${state.version ?? 'the update'}: ${state.progress}% (${state.message})`;
    case 'rebooting':
      return 'Update installed: restarting';
    case 'failed':
      return `Update failed: ${state.message}`;
  }
}

/**
 * The existing front end's update routes (docs/legacy-api.md): `POST /update` (multipart field `bundle`,
 * also under the misspelled `mulitpart/data`) answers 200 once the bundle is accepted; `GET /status`
 * (polled every 500 ms, from memory) says `updating` while any phase but idle/failed lasts.
 */
export function legacyOtaRoutes(update: OsUpdate): Router {
  const router = Router();

  router.get('/status', (_req, res) => {
    const state = update.state;
    res.json({ status: update.busy ? 'updating' : 'idle', updateStatus: updateStatusLine(state) });
  });

  router.post('/update', async (req, res) => {
    const { job, bundle } = await acceptBundle(req, res, (body) => update.upload(body));
    res.status(200).json({ status: 'updating', version: bundle.version, jobId: job.id });
  });

  return router;
}
