import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Paths the API and the existing front end call: never answered with the front end's index.html. */
export const LEGACY_PATHS = ['/version', '/status', '/update', '/ssh-setkey', '/getScan', '/wifi', '/docker', '/docker-custom', '/logs'];

/**
 * The built web front end (MAPIO_WEB_ROOT) at `/`, same-origin with the API so its session cookie
 * applies. A single-page app: a GET for a page that is no file gets index.html (the app routes it).
 */
export function frontEndRoutes(webRoot: string): Router {
  const router = Router();
  router.use(express.static(webRoot, { index: 'index.html', fallthrough: true, redirect: false }));
  const index = path.join(webRoot, 'index.html');
  // A middleware, not `router.get(/.*/)`: a GET route matching every path makes Express answer
  // OPTIONS for every path itself (200 with Allow), before the session check behind this router.
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const apiOrLegacy = req.path.startsWith('/api/') || req.path === '/api' || LEGACY_PATHS.includes(req.path) || req.path === '/pair';
    if (apiOrLegacy || !req.accepts('html') || !existsSync(index)) {
      next();
      return;
    }
    res.sendFile(index);
  });
  return router;
}
