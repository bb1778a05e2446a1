import type { Logger } from '@mapio/runtime';
import { ApiError } from '../http/api-error';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from './container-record';
import type { JobRegistry, JobReporter, JobSnapshot } from '../jobs/job-registry';
import type { ComposeCli } from './compose-cli';
import type { CustomComposeFile } from './custom-compose-file';
import { toComposeEntry, type CreateServiceRequest } from './custom-service-spec';
import { engineStatus } from './engine-errors';
import { ImageInspect, PullProgressLine } from './engine-schemas';
import { JsonLinesDecoder } from './json-lines';
import { usesByOthers } from './port-map';
import { PullProgress } from './pull-progress';
import type { ServiceCatalog } from './service-catalog';
import type { ServiceView } from './service-view';
import type { UpdateChecker } from './update-check';

export type ServiceAction = 'start' | 'stop' | 'restart';

/**
 * What the owner does to services: start/stop/restart (the Engine API), pull and update (jobs with
 * progress), create and delete custom services (the custom compose file + the compose CLI).
 */
export class ServiceLifecycle {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly compose: ComposeCli,
    private readonly customFile: CustomComposeFile,
    private readonly jobs: JobRegistry,
    private readonly updates: UpdateChecker,
    private readonly logger: Logger,
  ) {}

  private get engine() {
    return this.catalog.engine;
  }

  /** Runs `action` on the service; a compose service without a container is brought up by start/restart. */
  async act(name: string, action: ServiceAction): Promise<ServiceView> {
    this.engine.requireRunning();
    const view = await this.catalog.get(name);
    const container = this.catalog.containerOf(view);
    if (!container) {
      if (action !== 'stop') {
        await this.compose.up(view.name);
        this.logger.info({ service: name, action }, 'service brought up');
      }
    } else {
      await this.actOn(container.id, action);
      this.logger.info({ service: name, action }, 'service action done');
    }
    return this.afterChange(name);
  }

  /** start/stop/restart a container by its name (the legacy /docker-custom route). */
  async actOnContainer(name: string, action: ServiceAction): Promise<void> {
    this.engine.requireRunning();
    const container = this.engine.byName(name);
    if (!container) throw new ApiError('not_found', `container ${name} does not exist`);
    await this.actOn(container.id, action);
    this.logger.info({ container: name, action }, 'container action done');
  }

  private async actOn(id: string, action: ServiceAction): Promise<void> {
    const handle = this.engine.docker.getContainer(id);
    try {
      if (action === 'start') await handle.start();
      // No timeout given: the Engine uses the container's own (compose's stop_grace_period).
      else if (action === 'stop') await handle.stop();
      else await handle.restart();
    } catch (error) {
      // 304: already in the asked state.
      if (engineStatus(error) !== 304) throw error;
    }
    await this.engine.refreshContainer(id);
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
    if (!view.managed) throw new ApiError('conflict', `${name} is not a compose service: it cannot be recreated (pull it instead)`);
    return this.jobs.run('update', name, async (report) => {
      const imageId = await this.pullImage(image, report, 90);
      const current = this.catalog.containerOf(await this.catalog.get(name));
      if (current && current.imageId === imageId) {
        report.message('image unchanged: container kept');
        return { image, imageId, recreated: false };
      }
      report.progress(92, current ? 'image changed: recreating the container' : 'creating the container');
      await this.compose.up(name, { forceRecreate: true });
      await this.afterChange(name);
      return { image, imageId, recreated: true, previousImageId: current?.imageId ?? null };
    });
  }

  /** Adds a custom service to the owner's compose file and starts a job bringing it up. */
  async create(request: CreateServiceRequest): Promise<JobSnapshot> {
    this.engine.requireRunning();
    const services = await this.catalog.project.services();
    if (services.has(request.name) || this.engine.byName(request.name)) {
      throw new ApiError('conflict', `a service or container named ${request.name} already exists: choose another name`);
    }
    if (this.jobs.runningFor(request.name)) throw new ApiError('conflict', `${request.name} has a running job`);
    if (request.networkMode !== 'host' && request.ports.length > 0) {
      const { ports } = await this.catalog.ports();
      const taken = request.ports.flatMap((p) =>
        usesByOthers(ports, p.host, p.protocol, request.name).map((use) => ({ port: p.host, protocol: p.protocol, owner: use.owner })),
      );
      if (taken.length > 0) {
        throw new ApiError('conflict', `host port(s) already in use: ${[...new Set(taken.map((t) => `${t.port}/${t.protocol}`))].join(', ')}`, taken);
      }
    }
    await this.customFile.addService(request.name, toComposeEntry(request), await this.catalog.project.baseVersion());
    this.logger.info({ service: request.name, image: request.image }, 'custom service added to the compose file');
    return this.jobs.run('create', request.name, async (report) => {
      await this.pullImage(request.image, report, 80);
      report.progress(85, 'creating the container');
      await this.compose.up(request.name);
      await this.afterChange(request.name);
      return { service: request.name };
    });
  }

  /** Removes a custom service: its container, then its entry in the custom file. */
  async remove(name: string): Promise<void> {
    this.engine.requireRunning();
    const service = await this.catalog.composeService(name);
    if (service.source !== 'custom') {
      throw new ApiError('conflict', `${name} is a service of the OS: it can be stopped, not deleted`);
    }
    const job = this.jobs.runningFor(name);
    if (job) throw new ApiError('conflict', `${name} has a running ${job.kind} job (${job.id}): wait for it to finish`);
    await this.compose.remove(name);
    await this.customFile.removeService(name);
    this.logger.info({ service: name }, 'custom service deleted');
  }


  /** Pulls `image` through the Engine, reporting progress up to `upTo` %; resolves with the image id. */
  private async pullImage(image: string, report: JobReporter, upTo = 99): Promise<string> {
    report.progress(1, `pulling ${image}`);
    const stream = (await this.engine.docker.pull(image)) as NodeJS.ReadableStream;
    const decoder = new JsonLinesDecoder();
    const progress = new PullProgress();
    let failure: string | null = null;
    await new Promise<void>((resolve, reject) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        for (const value of decoder.push(chunk).values) {
          const line = PullProgressLine.safeParse(value);
          if (!line.success) continue;
          if (line.data.error) failure = line.data.error;
          progress.apply(line.data);
          const text = line.data.id ? `${line.data.id}: ${line.data.status ?? ''}` : line.data.status;
          report.progress((progress.percent * upTo) / 100, text);
        }
      });
      stream.once('end', () => resolve());
      stream.once('error', reject);
    });
    if (failure) throw new Error(`pull of ${image} failed: ${failure}`);
    this.updates.invalidate(image);
    try {
      return ImageInspect.parse(await this.engine.docker.getImage(image).inspect()).Id;
    } catch (error) {
      if (engineStatus(error) === 404) throw new Error(`pull of ${image} left no image`, { cause: error });
      throw error;
    }
  }

  /** Re-reads the service's containers (ours changed them) and returns its view. */
  private async afterChange(name: string): Promise<ServiceView> {
    const containers = await this.engine.docker.listContainers({
      all: true,
      filters: { label: [`${COMPOSE_PROJECT_LABEL}=${this.catalog.project.files.project}`, `${COMPOSE_SERVICE_LABEL}=${name}`] },
    });
    await Promise.all((containers as Array<{ Id: string }>).map((c) => this.engine.refreshContainer(c.Id)));
    return this.catalog.get(name);
  }
}

function imageOf(view: ServiceView): string {
  if (!view.image) throw new ApiError('conflict', `${view.name} has no image to pull (it is built from source)`);
  return view.image;
}
