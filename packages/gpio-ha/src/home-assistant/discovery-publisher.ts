import { topicFilter, topicRef } from '@mapio/contracts';
import { Disposer, homeAssistantDevice, readDeviceIdentity, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import { discoveryConfig, entityKey, type DiscoveryContext, type EntitySpec } from './entity-spec';

export interface DiscoveryPublisherOptions {
  version: string;
  /** How long retained configs already on the broker are collected before stale ones are removed. */
  settleMs: number;
  /** Where the OS version of the device block is read (runtime's `osReleaseFiles(MAPIO_OS_RELEASE)`). */
  osReleaseFiles: string[];
}

/**
 * Publishes the Home Assistant discovery configs of every feature's entities (retained), on one
 * "MAPIO" device. Features declare their entities by group; a group that shrinks (Linky turned off)
 * has its entities removed with an empty retained config, and so are configs of ours that an earlier
 * run left on the broker and no entity claims any more. When Home Assistant announces itself
 * (`online` on its status topic) every config and every retained state is sent again.
 */
export class DiscoveryPublisher implements Feature {
  readonly name = 'home-assistant-discovery';
  private context: DiscoveryContext | null = null;
  private configurationUrl: string | undefined;
  private readonly groups = new Map<string, EntitySpec[]>();
  /** Groups whose entities are not known yet (Linky labels before the first frame): object id prefix. */
  private readonly pending = new Map<string, string>();
  /** What is published now: entity key -> serialised config. */
  private readonly published = new Map<string, string>();
  /** Configs of ours retained on the broker from earlier runs, until claimed or removed. */
  private readonly leftovers = new Set<string>();
  private settled = false;
  private readonly disposer = new Disposer();
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: MqttBus,
    private readonly options: DiscoveryPublisherOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const identity = await readDeviceIdentity({ osReleaseFiles: this.options.osReleaseFiles });
    const context: DiscoveryContext = {
      deviceId: identity.deviceId,
      nodeId: `${identity.deviceId}_gpio_ha`,
      device: homeAssistantDevice(identity),
      origin: { name: 'mapio-gpio-ha', sw_version: this.options.version },
      availabilityTopic: 'mapio/gpio-ha/availability',
    };
    this.context = context;
    this.disposer.add(
      this.bus.subscribe('homeassistant/status', (status) => {
        if (status === 'online') this.republishAll();
      }),
    );
    this.disposer.add(
      this.bus.subscribe('mapio/webserver-back/http', (http) => {
        const url = http.enabled ? http.urls[0] : undefined;
        if (url === this.configurationUrl) return;
        this.configurationUrl = url;
        context.device = homeAssistantDevice(identity, url);
        this.scheduleSync();
      }),
    );
    this.disposer.add(() => {
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = null;
    });
    this.collectLeftovers(context.nodeId);
    this.logger.info({ deviceId: identity.deviceId, nodeId: context.nodeId }, 'Home Assistant device');
    this.scheduleSync();
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
  }

  /** Declares the entities of a group (replacing its previous ones); published a moment later. */
  setEntities(group: string, entities: EntitySpec[]): void {
    this.groups.set(group, entities);
    this.pending.delete(group);
    this.scheduleSync();
  }

  /**
   * The group's entities will be known later; meanwhile its configs retained from an earlier run
   * (object ids starting with `objectIdPrefix`) stay, so Home Assistant keeps those entities.
   */
  expectEntities(group: string, objectIdPrefix: string): void {
    if (!this.groups.has(group)) this.pending.set(group, objectIdPrefix);
  }

  /** Home Assistant restarted: it wants every config again, then the states. */
  private republishAll(): void {
    this.logger.info({ entities: this.published.size }, 'Home Assistant online: re-publishing discovery and states');
    this.published.clear();
    this.sync();
    this.bus.republishRetained('mapio/gpio-ha/#');
  }

  /** Entities declared in the same moment (a Linky frame brings many labels) go out together. */
  private scheduleSync(): void {
    if (this.syncTimer || !this.context) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.sync();
    }, 20);
  }

  private sync(): void {
    const context = this.context;
    if (!context) return;
    const wanted = new Map<string, EntitySpec>();
    for (const entities of this.groups.values()) for (const spec of entities) wanted.set(entityKey(spec), spec);
    for (const [key, spec] of wanted) {
      const serialised = this.publishEntity(spec, context, this.published.get(key));
      this.published.set(key, serialised);
      this.leftovers.delete(key);
    }
    for (const key of [...this.published.keys()]) {
      if (wanted.has(key)) continue;
      this.remove(key, context);
      this.published.delete(key);
    }
    if (!this.settled) return;
    const awaited = [...this.pending.values()];
    for (const key of this.leftovers) {
      const objectId = key.split('/')[1] ?? '';
      if (awaited.some((prefix) => objectId.startsWith(prefix))) continue;
      this.remove(key, context);
      this.leftovers.delete(key);
    }
  }

  /**
   * Publishes unless the same config is already out. Each component goes through its own channel,
   * so the bus checks it against the fields Home Assistant documents for that component.
   */
  private publishEntity(spec: EntitySpec, context: DiscoveryContext, previous: string | undefined): string {
    const config = discoveryConfig(spec, context);
    const serialised = JSON.stringify(config);
    if (serialised === previous) return serialised;
    const levels = [context.nodeId, spec.objectId] as const;
    switch (spec.component) {
      case 'sensor':
        this.bus.publish(topicRef('homeassistant/sensor/+/+/config', ...levels), discoveryConfig(spec, context));
        break;
      case 'binary_sensor':
        this.bus.publish(topicRef('homeassistant/binary_sensor/+/+/config', ...levels), discoveryConfig(spec, context));
        break;
      case 'switch':
        this.bus.publish(topicRef('homeassistant/switch/+/+/config', ...levels), discoveryConfig(spec, context));
        break;
      case 'light':
        this.bus.publish(topicRef('homeassistant/light/+/+/config', ...levels), discoveryConfig(spec, context));
        break;
    }
    return serialised;
  }

  private remove(key: string, context: DiscoveryContext): void {
    const [component = '', objectId = ''] = key.split('/');
    this.logger.info({ entity: key }, 'Home Assistant entity removed');
    this.bus.publish(topicRef('homeassistant/+/+/+/config', component, context.nodeId, objectId), null);
  }

  /** Learns which configs of ours the broker retains from earlier runs, then lets sync() judge them. */
  private collectLeftovers(nodeId: string): void {
    const retained = new Set<string>();
    const stopCollecting = this.disposer.add(
      this.bus.subscribe(topicFilter('homeassistant/+/+/+/config', '+', nodeId, '+'), (config, topic) => {
        const [, component = '', , objectId = ''] = topic.split('/');
        if (config === null) retained.delete(`${component}/${objectId}`);
        else retained.add(`${component}/${objectId}`);
      }),
    );
    const settle = () =>
      this.disposer.timeout(() => {
        stopCollecting();
        for (const key of retained) if (!this.published.has(key)) this.leftovers.add(key);
        this.settled = true;
        this.sync();
        // Tests (and whoever reads the log) know from here on that stale configs have been judged.
        this.logger.info({ kept: [...this.leftovers] }, 'discovery settled: stale configs removed');
      }, this.options.settleMs);
    if (this.bus.connected) {
      settle();
      return;
    }
    const stopWaiting = this.disposer.add(
      this.bus.onConnectionChange((connected) => {
        if (!connected) return;
        stopWaiting();
        settle();
      }),
    );
  }
}
