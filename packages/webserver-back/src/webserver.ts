import type { BaseConfig, DaemonContext, Feature, Logger } from '@mapio/runtime';
import type { Router } from 'express';
import type { WebserverConfig } from './config';
import { ComposeCli } from './docker/compose-cli';
import { ComposeProject, customComposeFile } from './docker/compose-project';
import { CustomComposeFile } from './docker/custom-compose-file';
import { DockerEngine } from './docker/docker-engine';
import { DockerStatePublisher } from './docker/docker-state-publisher';
import { legacyDockerRoutes } from './docker/legacy-routes';
import { dockerRoutes } from './docker/routes';
import { ServiceCatalog } from './docker/service-catalog';
import { ServiceLifecycle } from './docker/service-lifecycle';
import { ServiceLogs } from './docker/service-logs';
import { UpdateChecker } from './docker/update-check';
import { createApp } from './http/app';
import { HttpListener } from './http/http-listener';
import { HttpSwitchFile } from './http/http-switch-file';
import { baseUrls } from './http/local-urls';
import { JobRegistry } from './jobs/job-registry';
import { PairingPublisher } from './pairing/pairing-publisher';
import { PairingToken } from './pairing/pairing-token';
import { SessionStore } from './pairing/session-store';
import { createSystemDomains } from './system-domains';

export interface DockerDomain {
  engine: DockerEngine;
  catalog: ServiceCatalog;
  customFile: CustomComposeFile;
  lifecycle: ServiceLifecycle;
  logs: ServiceLogs;
  jobs: JobRegistry;
  api: Router[];
  legacy: Router[];
}

/** The Docker services domain: Engine state, compose project, jobs, and its routes. */
export function createDockerDomain(
  config: Pick<WebserverConfig, 'dockerHost' | 'composeFile' | 'composeProject'> & { dataDir: string },
  logger: Logger,
): DockerDomain {
  const engine = new DockerEngine(config.dockerHost, logger.child({ component: 'docker' }));
  const project = new ComposeProject({
    base: config.composeFile,
    custom: customComposeFile(config.dataDir),
    project: config.composeProject,
  });
  const catalog = new ServiceCatalog(engine, project);
  const jobs = new JobRegistry();
  const updates = new UpdateChecker(engine.docker);
  const customFile = new CustomComposeFile(project.files.custom);
  const lifecycle = new ServiceLifecycle(
    catalog,
    new ComposeCli(project, config.dockerHost),
    customFile,
    jobs,
    updates,
    logger.child({ component: 'services' }),
  );
  const logs = new ServiceLogs(engine);
  return {
    engine,
    catalog,
    customFile,
    lifecycle,
    logs,
    jobs,
    api: [dockerRoutes({ engine, catalog, lifecycle, logs, updates, dataDir: config.dataDir })],
    legacy: [legacyDockerRoutes(engine, catalog, lifecycle, logger.child({ component: 'legacy' }))],
  };
}

/** Wires the daemon's domains together; features start in this order and stop in reverse. */
export function buildWebserver({ config, logger, bus }: DaemonContext<BaseConfig & WebserverConfig>, version: string): Feature[] {
  const authEnabled = config.auth === 'on';
  const docker = createDockerDomain(config, logger);
  const { engine, catalog, customFile, jobs } = docker;
  const publisher = new DockerStatePublisher(engine, catalog, customFile, bus, logger.child({ component: 'docker-state' }));
  const pairingToken = new PairingToken();
  const sessions = new SessionStore();
  let listener: HttpListener | null = null;
  const pairing = new PairingPublisher(
    pairingToken,
    bus,
    () => baseUrls(config.httpHost, listener?.port ?? config.httpPort)[0] ?? `http://127.0.0.1:${config.httpPort}/`,
    logger,
  );
  const system = createSystemDomains(config, { bus, jobs, logger });
  const app = createApp({
    logger,
    version,
    authEnabled,
    webRoot: config.webRoot,
    pairing: pairingToken,
    sessions,
    jobs,
    api: [...docker.api, ...system.api],
    legacy: [...docker.legacy, ...system.legacy],
  });
  listener = new HttpListener({
    host: config.httpHost,
    port: config.httpPort,
    handler: app,
    bus,
    switchFile: HttpSwitchFile.under(config.dataDir, logger),
    pairing,
    logger,
    onSwitched: (enabled) => system.webServerSwitched(enabled),
  });
  const authWarning: Feature = {
    name: 'auth-mode',
    start: () => {
      if (!authEnabled) logger.warn('MAPIO_AUTH=off: the HTTP API answers anyone on the network without pairing');
    },
    stop: () => undefined,
  };
  return [authWarning, engine, publisher, ...system.features, pairing, listener];
}
