import express, { type Express, type Router } from 'express';
import type { Logger } from '@mapio/runtime';
import { pinoHttp } from 'pino-http';
import { jobRoutes } from '../jobs/routes';
import type { JobRegistry } from '../jobs/job-registry';
import { isPaired, requireSession } from '../pairing/authentication';
import type { PairingToken } from '../pairing/pairing-token';
import { pairingRoutes } from '../pairing/routes';
import type { SessionStore } from '../pairing/session-store';
import { frontEndRoutes } from '../web/front-end';
import { errorHandler, unknownRoute } from './error-handler';

/** Routes the old front end polls (docs/legacy-api.md). */

export interface AppDeps {
  logger: Logger;
  version: string;
  authEnabled: boolean;
  webRoot: string;
  pairing: PairingToken;
  sessions: SessionStore;
  jobs: JobRegistry;
  /** Routers of the domains behind the session, mounted at `/api/v1`. */
  api: Router[];
  /** The existing front end's routes, at the root, behind the session too. */
  legacy: Router[];
}

/**
 * The HTTP application: access log, health, pairing and static files open; everything else behind the
 * session; one JSON error envelope for every failure, including unknown routes.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.logger.child({ component: 'http' }),
      // The URL may hold a pairing token (/pair?token=...): log the path only, never query or headers.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Answered requests are debug: the front end polls, and a line per request at info fills the
      // journal and, under a burst, left webserver-back's RSS 12 MB above idle (issue 11).
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug'),
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
    }),
  );

  app.get('/api/v1/health', (_req, res) => {
    res.json({ status: 'ok', version: deps.version });
  });
  app.use(pairingRoutes(deps.pairing, deps.sessions));
  app.use(frontEndRoutes(deps.webRoot, (req) => !deps.authEnabled || isPaired(req, deps.sessions, deps.pairing)));

  app.use(requireSession(deps.authEnabled, deps.sessions, deps.pairing));
  app.use('/api/v1', jobRoutes(deps.jobs), ...deps.api);
  for (const router of deps.legacy) app.use(router);
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
