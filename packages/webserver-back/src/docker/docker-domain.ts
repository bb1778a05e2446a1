import type { Logger } from '@mapio/runtime';
import type { Router } from 'express';
import type { WebserverConfig } from '../config';
import type { JobRegistry } from '../jobs/job-registry';
import { ChangeSignal } from './change-signal';
import { ComposeCli } from './compose-cli';
import { ComposeProject, customComposeFile } from './compose-project';
import { CustomComposeFile } from './custom-compose-file';
import { DockerEngine } from './docker-engine';
import { EngineApi } from './engine-api';
import { legacyDockerRoutes } from './legacy-routes';
import { dockerRoutes } from './routes';
import { ServiceCatalog } from './service-catalog';
import { ServiceLifecycle } from './service-lifecycle';
import { ServiceLogs } from './service-logs';
import { UpdateChecker } from './update-check';

export type DockerDomainConfig = Pick<WebserverConfig, 'dockerHost' | 'dockerTimeoutMs' | 'composeFile' | 'composeProject'> & { dataDir: string };

export interface DockerDomain {
  engine: DockerEngine;
  catalog: ServiceCatalog;
  logs: ServiceLogs;
  /** `/api/v1` routers. */
  api: Router[];
  /** The existing front end's routes, at the root. */
  legacy: Router[];
}

/** The Docker services domain: Engine state, compose project, service jobs (in `jobs`), and its routes. */
export function createDockerDomain(config: DockerDomainConfig, jobs: JobRegistry, logger: Logger): DockerDomain {
  const api = new EngineApi(config.dockerHost, config.dockerTimeoutMs);
  const changes = new ChangeSignal();
  const engine = new DockerEngine(api, changes, logger.child({ component: 'docker' }));
  const project = new ComposeProject({ base: config.composeFile, custom: customComposeFile(config.dataDir), project: config.composeProject });
  const catalog = new ServiceCatalog(engine, api, project, changes);
  const updates = new UpdateChecker(api);
  const lifecycle = new ServiceLifecycle({
    catalog,
    engine,
    api,
    compose: new ComposeCli(project, config.dockerHost),
    customFile: new CustomComposeFile(project.files.custom, changes),
    jobs,
    updates,
    logger: logger.child({ component: 'services' }),
  });
  const logs = new ServiceLogs(api);
  return {
    engine,
    catalog,
    logs,
    api: [dockerRoutes({ engine, catalog, lifecycle, logs, updates, dataDir: config.dataDir })],
    legacy: [legacyDockerRoutes(engine, catalog, lifecycle, logger.child({ component: 'legacy' }))],
  };
}
