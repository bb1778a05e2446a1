import type { DockerState } from '@mapio/contracts';
import { Disposer, errorMessage, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { DockerEngine } from './docker-engine';
import type { ServiceCatalog } from './service-catalog';

const SETTLE_MS = 50;

/**
 * Publishes `mapio/webserver-back/docker` (engine reachability + each service's state) when it
 * changed, following the catalog's change signal (raised by Engine events and by edits of the
 * owner's compose file), never by polling. Signals within SETTLE_MS make one publication, and a
 * state equal to the last one published is not sent again (a container's restart count changing
 * does not change its state).
 */
export class DockerStatePublisher implements Feature {
  readonly name = 'docker-state';
  private last: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private disposer = new Disposer();

  constructor(
    private readonly engine: DockerEngine,
    private readonly catalog: ServiceCatalog,
    private readonly bus: MqttBus,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    this.disposer = new Disposer();
    this.disposer.add(this.catalog.changes.subscribe(() => this.schedule()));
    this.disposer.add(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    });
    return this.publish();
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }

  private schedule(): void {
    // One timer at a time (Disposer.timeout would keep one cleanup per signal for the daemon's life).
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
