import type { DockerState } from '@mapio/contracts';
import { errorMessage, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { CustomComposeFile } from './custom-compose-file';
import type { DockerEngine } from './docker-engine';
import type { ServiceCatalog } from './service-catalog';

const SETTLE_MS = 50;

/**
 * Publishes `mapio/webserver-back/docker` (engine reachability + each service's state) whenever it
 * changed: driven by the Engine's events through DockerEngine's `change` and by edits of the owner's
 * compose file (a service added or removed), never by polling.
 */
export class DockerStatePublisher implements Feature {
  readonly name = 'docker-state';
  private last: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onChange = () => this.schedule();

  constructor(
    private readonly engine: DockerEngine,
    private readonly catalog: ServiceCatalog,
    private readonly customFile: CustomComposeFile,
    private readonly bus: MqttBus,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    this.engine.on('change', this.onChange);
    this.customFile.on('change', this.onChange);
    return this.publish();
  }

  stop(): void {
    this.engine.off('change', this.onChange);
    this.customFile.off('change', this.onChange);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.publish();
    }, SETTLE_MS);
  }

  private async publish(): Promise<void> {
    let state: DockerState;
    try {
      state =
        this.engine.state === 'running'
          ? {
              engine: 'running',
              services: (await this.catalog.list()).map((s) => ({ name: s.name, state: s.state, source: s.source })),
            }
          : { engine: 'unreachable', services: [] };
    } catch (error) {
      this.logger.warn({ err: errorMessage(error) }, 'docker state not published');
      return;
    }
    const key = JSON.stringify(state);
    if (key === this.last) return;
    this.last = key;
    this.bus.publish('mapio/webserver-back/docker', { ...state, at: new Date().toISOString() });
  }
}
