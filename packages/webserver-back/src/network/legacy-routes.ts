import express, { Router } from 'express';
import { z } from 'zod';
import { parseRequestPart } from '../http/validate';
import { Passphrase, Ssid } from './wifi-credentials';
import type { WifiJoin } from './wifi-join';
import type { WifiScanner } from './wifi-scanner';

const jsonBody = express.json({ limit: '16kb' });
const LegacyWifi = z.object({ selectedWifi: Ssid, password: z.union([Passphrase, z.literal('')]).optional() });

/** The old front end's `GET /getScan` (`[{"name": ssid}]`) and `POST /wifi` (`{"selectedWifi", "password"}`). */
export function legacyNetworkRoutes(deps: { scanner: WifiScanner; join: WifiJoin }): Router {
  const router = Router();

  router.get('/getScan', async (_req, res) => {
    res.json((await deps.scanner.networks()).map((network) => ({ name: network.ssid })));
  });

  router.post('/wifi', jsonBody, async (req, res) => {
    const { selectedWifi, password } = parseRequestPart(LegacyWifi, req.body, 'body');
    res.json(await deps.join.join({ ssid: selectedWifi, passphrase: password ?? '' }));
  });

  return router;
}
