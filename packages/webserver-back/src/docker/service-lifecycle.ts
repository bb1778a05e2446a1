import type { Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import type { JobRegistry, JobReporter, JobSnapshot } from '../jobs/job-registry';
import type { ComposeCli } from './compose-cli';
import type { CustomComposeFile } from './custom-compose-file';
import { toComposeEntry, type CreateServiceRequest } from './custom-service-spec';
import type { DockerEngine } from './docker-engine';
import type { ContainerAction, EngineApi } from './engine-api';
import { usesByOthers } from './port-map';
import { PullProgress } from './pull-progress';
import type { ServiceCatalog } from './service-catalog';
import type { ServiceView } from './service-view';
import type { UpdateChecker } from './update-check';

export type ServiceAction = ContainerAction;

export interface ServiceLifecycleDeps {
  catalog: ServiceCatalog;
  engine: DockerEngine;
  api: EngineApi;
  compose: ComposeCli;
  customFile: CustomComposeFile;
  jobs: JobRegistry;
  updates: UpdateChecker;
  logger: Logger;
}

/**
 * What the owner does to services: start/stop/restart (the Engine API), pull and update (jobs with
 * progress), create and delete custom services (the custom compose file + the compose CLI). Each of
 * them is a job of the service in the registry, so no two run on one service at once.
 */
export class ServiceLifecycle {
  constructor(private readonly deps: ServiceLifecycleDeps) {}

  private get catalog(): ServiceCatalog {
    return this.deps.catalog;
  }

  private get engine(): DockerEngine {
    return this.deps.engine;
  }

  private get api(): EngineApi {
    return this.deps.api;
  }

  private get jobs(): JobRegistry {
    return this.deps.jobs;
  }

  private get logger(): Logger {
    return this.deps.logger;
  }

  /** Runs `action` on the service; a compose service without a container is brought up by start/restart. */
  async act(name: string, action: ServiceAction): Promise<ServiceView> {
    this.engine.requireRunning();
    const view = await this.catalog.get(name);
    return this.jobs.exclusive(action, name, async () => {
      const container = this.catalog.containerOf(view);
      if (!container) {
        if (action !== 'stop') {
          await this.deps.compose.up(view.name);
          this.logger.info({ service: name, action }, 'service brought up');
        }
      } else {
        await this.api.containerAction(container.id, action, container.stopTimeoutS);
        this.logger.info({ service: name, action }, 'service action done');
      }
      return this.afterChange(name);
    });
  }

  /** start/stop/restart a container by its name (the legacy /docker-custom route), guarded as its service. */
  async actOnContainer(name: string, action: ServiceAction): Promise<void> {
    this.engine.requireRunning();
    const container = this.engine.byName(name);
    if (!container) throw new DomainError('not_found', `container ${name} does not exist`);
    const target = container.composeProject === this.catalog.project.files.project ? (container.composeService ?? name) : name;
    await this.jobs.exclusive(action, target, async () => {
      await this.api.containerAction(container.id, action, container.stopTimeoutS);
      await this.engine.refreshContainer(container.id);
    });
    this.logger.info({ container: name, action }, 'container action done');
  }

  /** Starts a pull job for the service's image. */
  async pull(name: string): Promise<JobSnapshot> {
    this.engine.requireRunning();
    const image = imageOf(await this.catalog.get(name));
    return this.jobs.run('pull', name, async (report) => {
      const imageId = await this.pullImage(image, report);
      return { image, imageId };
    });
  }

  /** Starts an update job: pull, then recreate the container only if its image changed. */
  async update(name: string): Promise<JobSnapshot> {
    this.engine.requireRunning();
    const view = await this.catalog.get(name);
    const image = imageOf(view);
    if (!view.managed) throw new DomainError('conflict', `${name} is not a compose service: it cannot be recreated (pull it instead)`);
    return this.jobs.run('update', name, async (report) => {
      const imageId = await this.pullImage(image, report, 90);
      const current = this.catalog.containerOf(await this.catalog.get(name));
      if (current && current.imageId === imageId) {
        report.message('image unchanged: container kept');
        return { image, imageId, recreated: false };
      }
      report.progress(92, current ? 'image changed: recreating the container' : 'creating the container');
      await this.deps.compose.up(name, { forceRecreate: true });
      await this.afterChange(name);
      return { image, imageId, recreated: true, previousImageId: current?.imageId ?? null };
    });
  }

  /** Adds a custom service to the owner's compose file and starts a job bringing it up. */
  async create(request: CreateServiceRequest): Promise<JobSnapshot> {
    this.engine.requireRunning();
    const services = await this.catalog.project.services();
    if (services.has(request.name) || this.engine.byName(request.name)) {
      throw new DomainError('conflict', `a service or container named ${request.name} already exists: choose another name`);
    }
    if (request.networkMode !== 'host' && request.ports.length > 0) {
      const { ports } = await this.catalog.ports();
      const taken = request.ports.flatMap((p) =>
        usesByOthers(ports, p.host, p.protocol, request.name).map((use) => ({ port: p.host, protocol: p.protocol, owner: use.owner })),
      );
      if (taken.length > 0) {
        throw new DomainError('conflict', `host port(s) already in use: ${[...new Set(taken.map((t) => `${t.port}/${t.protocol}`))].join(', ')}`, { details: taken });
      }
    }
    const addToFile = async () => {
      await this.deps.customFile.addService(request.name, toComposeEntry(request), await this.catalog.project.baseVersion());
      this.logger.info({ service: request.name, image: request.image }, 'custom service added to the compose file');
    };
    return this.jobs.run(
      'create',
      request.name,
      async (report) => {
        await this.pullImage(request.image, report, 80);
        report.progress(85, 'creating the container');
        await this.deps.compose.up(request.name);
        await this.afterChange(request.name);
        return { service: request.name };
      },
      addToFile,
    );
  }

  /** Removes a custom service: its container, then its entry in the custom file. */
  async remove(name: string): Promise<void> {
    this.engine.requireRunning();
    const service = await this.catalog.composeService(name);
    if (service.source !== 'custom') {
      throw new DomainError('conflict', `${name} is a service of the OS: it can be stopped, not deleted`);
    }
    await this.jobs.exclusive('delete', name, async () => {
      await this.deps.compose.remove(name);
      await this.deps.customFile.removeService(name);
    });
    this.logger.info({ service: name }, 'custom service deleted');
  }

  /** Pulls `image` through the Engine, reporting progress up to `upTo` %; resolves with the image id. */
  private async pullImage(image: string, report: JobReporter, upTo = 99): Promise<string> {
    report.progress(1, `pulling ${image}`);
    const progress = new PullProgress();
    let failure: string | null = null;
    await this.api.pullImage(image, (line) => {
      if (line.error) failure = line.error;
      const layerLine = Boolean(line.id && line.status);
      const stepChanged = progress.apply(line);
      // Bytes go to the layer figures; only a layer's change of step (or a line of no layer) is a message.
      const message = !layerLine ? line.status : stepChanged ? `${line.id}: ${line.status}` : undefined;
      report.progress((progress.percent * upTo) / 100, message, progress.layers);
    });
    if (failure) throw new Error(`pull of ${image} failed: ${failure}`);
    this.deps.updates.invalidate(image);
    const pulled = await this.api.inspectImage(image);
    if (!pulled) throw new Error(`pull of ${image} left no image`);
    return pulled.Id;
  }

  /** Re-reads the service's containers (ours changed them) and returns its view. */
  private async afterChange(name: string): Promise<ServiceView> {
    await this.engine.refreshService(this.catalog.project.files.project, name);
    return this.catalog.get(name);
  }
}

function imageOf(view: ServiceView): string {
  if (!view.image) throw new DomainError('conflict', `${view.name} has no image to pull (it is built from source)`);
  return view.image;
}
