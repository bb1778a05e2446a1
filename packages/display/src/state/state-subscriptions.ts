import { Disposer, type Feature, type MqttBus } from '@mapio/runtime';
import type { DisplayStore } from './display-inputs';

/** Feeds the store from the topics of docs/architecture.md (invalid payloads are dropped by the bus). */
export class StateSubscriptions implements Feature {
  readonly name = 'state-subscriptions';
  private readonly disposer = new Disposer();

  constructor(
    private readonly bus: MqttBus,
    private readonly store: DisplayStore,
  ) {}

  start(): void {
    const { bus, store } = this;
    const subscriptions = [
      bus.subscribe('mapio/gpio-ha/power', (value) => store.set('power', value)),
      bus.subscribe('mapio/webserver-back/network', (value) => store.set('network', value)),
      bus.subscribe('mapio/webserver-back/docker', (value) => store.set('docker', value)),
      bus.subscribe('mapio/webserver-back/http', (value) => store.set('http', value)),
      bus.subscribe('mapio/webserver-back/pairing', (value) => store.set('pairing', value)),
      bus.subscribe('mapio/webserver-back/wifi-ap', (value) => store.set('wifiAp', value)),
      bus.subscribe('mapio/webserver-back/ota', (value) => store.set('ota', value)),
      bus.subscribe('mapio/init/state', (value) => store.set('init', value)),
    ];
    for (const unsubscribe of subscriptions) this.disposer.add(unsubscribe);
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }
}
