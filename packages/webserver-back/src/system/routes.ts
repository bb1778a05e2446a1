import { Router } from 'express';
import type { Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import type { OsUpdate } from '../ota/os-update';
import type { RebootCommand } from './reboot-command';
import { systemInfo } from './system-info';

/** `GET /api/v1/system` (OS, host, RAUC slots, data partition) and `POST /api/v1/system/reboot` (202, reboots shortly after). */
export function systemRoutes(deps: { dataDir: string; raucConf: string; osReleaseFiles: string[]; reboot: RebootCommand; update: OsUpdate; logger: Logger }): Router {
  const router = Router();

  router.get('/system', async (_req, res) => {
    res.json(await systemInfo(deps.dataDir, deps.raucConf, deps.osReleaseFiles));
  });

  router.post('/system/reboot', (_req, res) => {
    if (deps.update.busy) throw new DomainError('conflict', `an OS update is ${deps.update.state.phase}: it reboots by itself when done`);
    if (deps.reboot.scheduled) throw new DomainError('conflict', 'a reboot is already on its way');
    deps.reboot.schedule('requested over HTTP').catch((error: unknown) => deps.logger.error({ err: (error as Error).message }, 'reboot failed'));
    res.status(202).json({ rebooting: true });
  });

  return router;
}
