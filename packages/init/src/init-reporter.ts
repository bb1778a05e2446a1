import type { InitState } from '@mapio/contracts';
import { MqttBus, outgoing, type Logger } from '@mapio/runtime';

/** What the broker publishes on `mapio/init/state` if init dies without a clean disconnect. */
export function initLastWill() {
  return outgoing('mapio/init/state', { phase: 'failed', message: 'mapio-init stopped unexpectedly' });
}

export interface ReporterOptions {
  mqttUrl: string;
  mqttUsername?: string | undefined;
  mqttPassword?: string | undefined;
  /** How long the first report waits for the broker; later ones do not wait again. */
  mqttWaitMs: number;
}

/**
 * Publishes init's state (retained) when the broker is reachable; logs otherwise. The broker being
 * unreachable never fails the boot. The bus is also what `health` watches the daemons through.
 */
export class InitReporter {
  readonly bus: MqttBus;
  private waited = false;

  constructor(
    private readonly options: ReporterOptions,
    private readonly logger: Logger,
  ) {
    this.bus = new MqttBus({
      url: options.mqttUrl,
      username: options.mqttUsername,
      password: options.mqttPassword,
      clientId: `mapio-init-${process.pid}`,
      logger,
      will: initLastWill(),
    });
  }

  async report(state: InitState): Promise<void> {
    const payload = { ...state, at: new Date().toISOString() };
    if (!this.waited) {
      this.waited = true;
      await this.bus.waitConnected(this.options.mqttWaitMs);
    }
    if (!this.bus.connected) {
      this.logger.warn({ state: payload, waitedMs: this.options.mqttWaitMs }, 'broker unreachable: state not published');
      return;
    }
    this.bus.publish('mapio/init/state', payload);
  }

  async close(): Promise<void> {
    await this.bus.close(2000);
  }
}
