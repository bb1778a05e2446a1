import { Router } from 'express';
import { readOsRelease } from '@mapio/runtime';
import { escapeHtml, recentLogLines } from './recent-logs';

/** The existing front end's `GET /version` and `GET /logs` (docs/legacy-api.md). */
export function legacySystemRoutes(logsCommand: readonly string[], osReleaseFiles: string[]): Router {
  const router = Router();

  router.get('/version', async (_req, res) => {
    res.json({ os_version: (await readOsRelease(osReleaseFiles)).PRETTY_NAME });
  });

  router.get('/logs', async (_req, res) => {
    res.json((await recentLogLines(logsCommand)).map((line) => ({ data: escapeHtml(line) })));
  });

  return router;
}
