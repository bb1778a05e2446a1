import express, { Router } from 'express';
import { parseRequestPart } from '../http/validate';
import type { AccessPoint } from './access-point';
import type { NetworkMonitor } from './network-monitor';
import { WifiCredentials } from './wifi-credentials';
import type { WifiJoin } from './wifi-join';
import type { WifiScanner } from './wifi-scanner';

const jsonBody = express.json({ limit: '16kb' });

/**
 * `GET /api/v1/wifi/networks` (scan, cached 10 s), `PUT /api/v1/wifi` `{ssid, passphrase}` (no
 * passphrase = open network), `GET /api/v1/network` (what `mapio/webserver-back/network` says),
 * `GET /api/v1/wifi/access-point` (what `mapio/webserver-back/wifi-ap` says, password included: every
 * /api/v1 route already requires a paired session).
 */
export function networkRoutes(deps: { scanner: WifiScanner; join: WifiJoin; monitor: NetworkMonitor; accessPoint: AccessPoint }): Router {
  const router = Router();

  router.get('/wifi/networks', async (_req, res) => {
    res.json(await deps.scanner.networks());
  });

  router.get('/wifi/access-point', (_req, res) => {
    res.json(deps.accessPoint.state);
  });

  router.put('/wifi', jsonBody, async (req, res) => {
    const credentials = parseRequestPart(WifiCredentials, req.body, 'body');
    res.json(await deps.join.join(credentials));
  });

  router.get('/network', (_req, res) => {
    res.json(deps.monitor.state ?? { interfaces: [], defaultInterface: null, internet: false });
  });

  return router;
}
