import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import { pairingPage } from '../pairing/pairing-page';

/** Paths the API and the existing front end call: never answered with the front end's index.html. */
export const LEGACY_PATHS = ['/version', '/status', '/update', '/ssh-setkey', '/getScan', '/wifi', '/docker', '/docker-custom', '/logs'];

function isApiOrLegacy(requestPath: string): boolean {
  return requestPath.startsWith('/api/') || requestPath === '/api' || LEGACY_PATHS.includes(requestPath) || requestPath === '/pair';
}

/** A browser asking for the app's page (not one of its scripts, styles or pictures). */
function isPageRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (isApiOrLegacy(req.path) || !(req.headers.accept ?? '').includes('text/html')) return false;
  const extension = path.extname(req.path);
  return extension === '' || extension === '.html';
}

/**
 * The built web front end (MAPIO_WEB_ROOT) at `/`, same-origin with the API so its session cookie
 * applies. A single-page app: a GET for a page that is no file gets index.html (the app routes it).
 * An unpaired browser asking for a page gets the pairing page instead: the app itself would show
 * nothing (it swallows every 401). Its scripts and pictures stay open, like any static file.
 */
export function frontEndRoutes(webRoot: string, paired: (req: Request) => boolean): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (!isPageRequest(req) || paired(req)) {
      next();
      return;
    }
    res.status(401).setHeader('Cache-Control', 'no-store');
    res.type('html').send(pairingPage());
  });
  router.use(express.static(webRoot, { index: 'index.html', fallthrough: true, redirect: false }));
  const index = path.join(webRoot, 'index.html');
  // A middleware, not `router.get(/.*/)`: a GET route matching every path makes Express answer
  // OPTIONS for every path itself (200 with Allow), before the session check behind this router.
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    if (isApiOrLegacy(req.path) || !req.accepts('html') || !existsSync(index)) {
      next();
      return;
    }
    res.sendFile(index);
  });
  return router;
}
