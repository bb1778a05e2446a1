import type { Feature, MqttBus } from '@mapio/runtime';
import type { DisplayStore } from './display-inputs';

/** Feeds the store from the topics of ARCHITECTURE.md (invalid payloads are dropped by the bus). */
export class StateSubscriptions implements Feature {
  readonly name = 'state subscriptions';
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly bus: MqttBus,
    private readonly store: DisplayStore,
  ) {}

  start(): void {
    const { bus, store } = this;
    this.unsubscribe.push(
      bus.subscribe('mapio/gpio-ha/power', (value) => store.set('power', value)),
      bus.subscribe('mapio/webserver-back/network', (value) => store.set('network', value)),
      bus.subscribe('mapio/webserver-back/docker', (value) => store.set('docker', value)),
      bus.subscribe('mapio/webserver-back/http', (value) => store.set('http', value)),
      bus.subscribe('mapio/webserver-back/pairing', (value) => store.set('pairing', value)),
      bus.subscribe('mapio/webserver-back/wifi-ap', (value) => store.set('wifiAp', value)),
      bus.subscribe('mapio/webserver-back/ota', (value) => store.set('ota', value)),
      bus.subscribe('mapio/init/state', (value) => store.set('init', value)),
    );
  }

  stop(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }
}
