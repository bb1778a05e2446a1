import { osReleaseFiles, type BaseConfig, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { Router } from 'express';
import type { SystemConfig } from './config';
import type { JobRegistry } from './jobs/job-registry';
import { createNetworkDomain } from './network/network-domain';
import { createOtaDomain } from './ota/ota-domain';
import { AuthorizedKeys } from './ssh/authorized-keys';
import { legacySshRoutes } from './ssh/legacy-routes';
import { sshRoutes } from './ssh/routes';
import { legacySystemRoutes } from './system/legacy-routes';
import { RebootCommand } from './system/reboot-command';
import { systemRoutes } from './system/routes';

export interface SystemDomains {
  features: Feature[];
  /** Tells the domains whether the web server listens (the access point only runs while it does). */
  webServerSwitched(enabled: boolean): void;
  api: Router[];
  legacy: Router[];
}

/** The device-side domains of issue 9 (OS update, system, SSH keys, Wi-Fi, network) and their routes. */
export function createSystemDomains(
  config: BaseConfig & SystemConfig,
  deps: { bus: MqttBus; jobs: JobRegistry; logger: Logger },
): SystemDomains {
  const reboot = new RebootCommand(config.rebootCommand, config.rebootDelayMs, deps.logger.child({ feature: 'reboot' }));
  const ota = createOtaDomain(config, { ...deps, reboot });
  const system = {
    api: [systemRoutes({ dataDir: config.dataDir, raucConf: config.raucConf, osReleaseFiles: osReleaseFiles(config.osReleaseFile), reboot, update: ota.update, logger: deps.logger.child({ feature: 'system' }) })],
    legacy: [legacySystemRoutes(config.logsCommand, osReleaseFiles(config.osReleaseFile))],
  };
  const keys = AuthorizedKeys.under(config.dataDir, deps.logger.child({ feature: 'ssh-keys' }));
  const ssh = { api: [sshRoutes(keys)], legacy: [legacySshRoutes(keys)] };
  const network = createNetworkDomain(config, deps);
  return {
    features: [ota.update, network.monitor, network.accessPoint],
    webServerSwitched: (enabled) => network.accessPoint.webServerSwitched(enabled),
    api: [...ota.api, ...system.api, ...ssh.api, ...network.api],
    legacy: [...ota.legacy, ...system.legacy, ...ssh.legacy, ...network.legacy],
  };
}
