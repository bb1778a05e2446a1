import { packageVersion, type BaseConfig, type DaemonContext, type Feature } from '@mapio/runtime';
import type { WebserverConfig } from './config';
import { createDockerDomain } from './docker/docker-domain';
import { DockerStatePublisher } from './docker/docker-state-publisher';
import { createApp } from './http/app';
import { HttpListener } from './http/http-listener';
import { HttpSwitchFile } from './http/http-switch-file';
import { httpSwitchRoutes } from './http/switch-routes';
import { baseUrls } from './http/local-urls';
import { JobRegistry } from './jobs/job-registry';
import { PairingPublisher } from './pairing/pairing-publisher';
import { PairingToken } from './pairing/pairing-token';
import { SessionStore } from './pairing/session-store';
import { createSystemDomains } from './system-domains';

/** mapio-webserver-back's domains wired together; features start in this order and stop in reverse. */
export function webserverFeatures({ config, logger, bus }: DaemonContext<BaseConfig & WebserverConfig>): Feature[] {
  const log = (feature: string) => logger.child({ feature });
  const authEnabled = config.auth === 'on';
  const jobs = new JobRegistry();
  const docker = createDockerDomain(config, jobs, log('docker-engine'));
  const pairingToken = new PairingToken();
  let listener: HttpListener | null = null;
  const pairing = new PairingPublisher(
    pairingToken,
    bus,
    () => baseUrls(config.httpHost, listener?.port ?? config.httpPort)[0] ?? `http://127.0.0.1:${config.httpPort}/`,
    log('pairing'),
  );
  const system = createSystemDomains(config, { bus, jobs, logger });
  const app = createApp({
    logger: log('http'),
    version: packageVersion(__dirname),
    authEnabled,
    webRoot: config.webRoot,
    pairing: pairingToken,
    sessions: new SessionStore(),
    jobs,
    api: [...docker.api, ...system.api, httpSwitchRoutes(async () => listener?.command({ action: 'disable' }))],
    legacy: [...docker.legacy, ...system.legacy],
  });
  listener = new HttpListener({
    host: config.httpHost,
    port: config.httpPort,
    handler: app,
    bus,
    switchFile: HttpSwitchFile.under(config.dataDir, log('http')),
    pairing,
    authEnabled,
    logger: log('http'),
    onSwitched: (enabled) => system.webServerSwitched(enabled),
  });
  return [docker.engine, new DockerStatePublisher(docker.engine, docker.catalog, bus, log('docker-state')), ...system.features, pairing, listener];
}
