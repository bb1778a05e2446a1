import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Router } from 'express';
import { captureLogs } from '@mapio/testkit';
import { createApp } from '../../src/http/app';
import { JobRegistry } from '../../src/jobs/job-registry';
import { PairingToken } from '../../src/pairing/pairing-token';
import { SessionStore } from '../../src/pairing/session-store';

/** The real HTTP app with only the given domain routers, without authentication, on a free port of 127.0.0.1. */
export async function startApiServer(routers: { api: Router[]; legacy: Router[]; dir: string }): Promise<{ base: string; close: () => Promise<void> }> {
  const app = createApp({
    logger: captureLogs().logger,
    version: 'test',
    authEnabled: false,
    webRoot: path.join(routers.dir, 'www'),
    pairing: new PairingToken(),
    sessions: new SessionStore(),
    jobs: new JobRegistry(),
    api: routers.api,
    legacy: routers.legacy,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
