import path from 'node:path';
import type { Logger, MqttBus } from '@mapio/runtime';
import type { Router } from 'express';
import type { SystemConfig } from '../config';
import type { JobRegistry } from '../jobs/job-registry';
import type { RebootCommand } from '../system/reboot-command';
import { BundleVerifier } from './bundle-verifier';
import { legacyOtaRoutes } from './legacy-routes';
import { OsUpdate } from './os-update';
import { RaucInstaller } from './rauc-installer';
import { otaRoutes } from './routes';

export interface OtaDomain {
  update: OsUpdate;
  api: Router[];
  legacy: Router[];
}

/** The OS update domain: bundles under MAPIO_DATA_DIR/ota, verified with MAPIO_RAUC_CONF, installed by RAUC. */
export function createOtaDomain(
  config: Pick<SystemConfig, 'otaMaxBytes' | 'otaReserveBytes' | 'raucConf' | 'raucStallTimeoutMs'> & { dataDir: string },
  deps: { bus: MqttBus; jobs: JobRegistry; reboot: RebootCommand; logger: Logger },
): OtaDomain {
  const update = new OsUpdate({
    dir: path.join(config.dataDir, 'ota'),
    maxBytes: config.otaMaxBytes,
    reserveBytes: config.otaReserveBytes,
    verifier: new BundleVerifier(config.raucConf),
    installer: new RaucInstaller(config.raucStallTimeoutMs),
    reboot: deps.reboot,
    jobs: deps.jobs,
    bus: deps.bus,
    logger: deps.logger.child({ feature: 'os-update' }),
  });
  return { update, api: [otaRoutes(update)], legacy: [legacyOtaRoutes(update)] };
}
