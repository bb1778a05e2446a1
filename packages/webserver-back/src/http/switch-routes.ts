import { Router } from 'express';

/**
 * `POST /api/v1/http/disable`: the web server's own switch, from the browser. It answers first (202),
 * then closes the port once the answer is out; only the screen's MID button turns it on again.
 */
export function httpSwitchRoutes(switchOff: () => Promise<void>): Router {
  const router = Router();
  router.post('/http/disable', (_req, res) => {
    res.once('finish', () => void switchOff());
    res.status(202).json({ enabled: false, message: 'the web server turns off now: press MID on the screen\'s WEB SERVER view to turn it on again' });
  });
  return router;
}
