import {
  availabilityTopic,
  contract,
  contractTopicToWire,
  decodePayload,
  DEFAULT_DISCOVERY_PREFIX,
  encodePayload,
  topicMatches,
  wireTopicToContract,
  type Channel,
  type LongRunningDaemon,
  type TopicFilter,
  type TopicInputMap,
  type TopicMap,
  type TopicPattern,
  type TopicRef,
} from '@mapio/contracts';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { errorMessage } from './error-message';
import { InvalidPayloadLog } from './invalid-payload-log';
import { ReconnectBackoff } from './reconnect-backoff';

export interface BusOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  clientId: string;
  logger: Logger;
  /** Long-running daemons: `online` on every connect, `offline` as last will and on close. */
  availability?: LongRunningDaemon;
  /**
   * With `availability`: announce `online` only once `markOnline()` is called (runDaemon does it
   * when every feature has started), so `online` means "working", not just "connected".
   */
  onlineWhenMarked?: boolean;
  /** A last will of our own (init: its state topic saying it failed). */
  will?: Outgoing;
  reconnect?: { minMs: number; maxMs: number };
  connectTimeoutMs?: number;
  /**
   * Home Assistant's discovery prefix on this broker (default `homeassistant`). Code uses contract
   * topics (`homeassistant/...`); the bus moves them under this prefix on the wire and back.
   */
  homeAssistantPrefix?: string;
  /** Invalid incoming payloads: the first per topic is logged in full, then a count this often (default 1 min). */
  invalidPayloadReportMs?: number;
}

type Target<P extends TopicPattern> = P | TopicRef<P>;

/** A message ready for the wire, already validated. */
export interface Outgoing {
  topic: string;
  payload: string;
  retain: boolean;
}

/** Validates and encodes a payload of the contract (throws InvalidPayloadError on a bad one). */
export function outgoing<P extends TopicPattern>(target: Target<P>, payload: TopicInputMap[P]): Outgoing {
  const { pattern, topic } = typeof target === 'string' ? { pattern: target, topic: target } : target;
  const ch: Channel = contract[pattern];
  if (ch.pattern.includes('+') && typeof target === 'string') {
    throw new Error(`${pattern} has parameters: publish to topicRef('${pattern}', ...)`);
  }
  if (!topicMatches(pattern, topic) || /[+#]/.test(topic)) {
    throw new Error(`topic ${topic} is not a topic of the pattern ${pattern}`);
  }
  return { topic, payload: encodePayload(ch, topic, payload as never), retain: ch.retain };
}

type Handler<P extends TopicPattern> = (payload: TopicMap[P], topic: string) => void | Promise<void>;

interface Subscription {
  pattern: TopicPattern;
  /** What is subscribed on the broker (contract space): the pattern itself or a narrower filter. */
  filter: string;
  handler: Handler<TopicPattern>;
}

/** A remembered retained message: its contract topic, and what goes on the wire. */
interface RetainedMessage {
  topic: string;
  wire: Outgoing;
}

/**
 * The typed MQTT connection of one daemon. Payloads are validated on the way out (an invalid one is a
 * bug and throws) and on the way in (an invalid one is logged and dropped). Retained state is
 * remembered and re-published after every reconnect, so a broker restart loses nothing.
 * Nothing here ever rejects unobserved: failures are logged.
 */
export class MqttBus {
  private readonly client: MqttClient;
  private readonly subscriptions: Subscription[] = [];
  private readonly retained = new Map<string, RetainedMessage>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private readonly backoff: ReconnectBackoff;
  private readonly log: Logger;
  private readonly invalidPayloads: InvalidPayloadLog;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private online: boolean;
  private connectedOnce = false;
  private readonly discoveryPrefix: string;
  /** What connection listeners were last told (they hear transitions only). */
  private reportedUp = false;

  constructor(private readonly options: BusOptions) {
    this.online = options.onlineWhenMarked !== true;
    this.log = options.logger.child({ component: 'mqtt' });
    this.invalidPayloads = new InvalidPayloadLog(this.log, options.invalidPayloadReportMs ?? 60_000);
    this.discoveryPrefix = options.homeAssistantPrefix ?? DEFAULT_DISCOVERY_PREFIX;
    this.backoff = new ReconnectBackoff(options.reconnect?.minMs ?? 500, options.reconnect?.maxMs ?? 30_000);
    const will = this.lastWill();
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      clean: true,
      // Reconnection is ours (capped exponential backoff); mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      keepalive: 30,
      // mqtt-packet's default pre-builds 65536 two-byte Buffers on the first write (6.3 MB of heap
      // in every daemon, measured); a small daemon's few packets a second need no such cache.
      writeCache: false,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), retain: will.retain, qos: 1 } } : {}),
    };
    this.client = mqtt.connect(options.url, clientOptions);
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (error) => this.log.debug({ err: error.message }, 'mqtt client error'));
    this.client.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /**
   * Publishes a payload of the contract. Retained state is remembered (and sent once connected);
   * an event published while the broker is away is dropped with a warning rather than replayed late.
   */
  publish<P extends TopicPattern>(target: Target<P>, payload: TopicInputMap[P]): void {
    const message = outgoing(target, payload);
    const wire = { ...message, topic: contractTopicToWire(message.topic, this.discoveryPrefix) };
    // A cleared topic (empty payload) is remembered too: the clear must reach a restarted broker.
    if (message.retain) this.retained.set(message.topic, { topic: message.topic, wire });
    if (!this.client.connected) {
      if (!message.retain) this.log.warn({ topic: wire.topic }, 'broker unreachable: event dropped');
      return;
    }
    this.send(wire);
  }

  /**
   * Sends again the retained messages published so far whose (contract) topic matches `filter`,
   * e.g. after Home Assistant restarted and asks for everything again.
   */
  republishRetained(filter: string): void {
    if (!this.client.connected) return;
    for (const message of this.retained.values()) {
      if (topicMatches(filter, message.topic)) this.send(message.wire);
    }
  }

  /**
   * Calls `handler` with every valid message matching the pattern (or the narrower filter of a
   * `topicFilter(...)`), with its contract topic; returns the unsubscribe function.
   */
  subscribe<P extends TopicPattern>(target: P | TopicFilter<P>, handler: Handler<P>): () => void {
    const { pattern, filter } = typeof target === 'string' ? { pattern: target, filter: target } : target;
    const subscription: Subscription = { pattern, filter, handler: handler as Handler<TopicPattern> };
    this.subscriptions.push(subscription);
    if (this.client.connected) this.subscribeOnBroker([filter]);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
      if (this.client.connected && !this.subscriptions.some((s) => s.filter === filter)) {
        this.client.unsubscribe(contractTopicToWire(filter, this.discoveryPrefix), (error) => {
          if (error) this.log.warn({ filter, err: error.message }, 'unsubscribe failed');
        });
      }
    };
  }

  /** Tells `listener` each time the broker connection comes up (true) or goes down (false). */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Announces `online` now (if connected) and on every reconnect; see `onlineWhenMarked`. */
  markOnline(): void {
    if (this.online || this.closing) return;
    this.online = true;
    if (this.client.connected && this.options.availability) {
      this.send({ topic: availabilityTopic(this.options.availability).topic, payload: 'online', retain: true });
    }
  }

  /** Resolves once connected (now or later); false after timeoutMs. */
  async waitConnected(timeoutMs: number): Promise<boolean> {
    if (this.client.connected) return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        stopListening();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const stopListening = this.onConnectionChange((connected) => {
        if (connected) done(true);
      });
    });
  }

  /**
   * Announces `offline` (long-running daemons), waits for in-flight messages (bounded by timeoutMs)
   * and disconnects. The last will is not sent: the broker only sends it on an unclean disconnect.
   */
  async close(timeoutMs = 1500): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.invalidPayloads.close();
    if (this.client.connected && this.options.availability) {
      this.send({ topic: availabilityTopic(this.options.availability).topic, payload: 'offline', retain: true });
    }
    const ended = this.client.endAsync(false).catch((error: Error) => {
      this.log.warn({ err: error.message }, 'mqtt disconnect failed');
    });
    const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    if ((await Promise.race([ended, timedOut])) === 'timeout') {
      this.log.warn({ timeoutMs }, 'mqtt disconnect timed out: closing the socket');
      await this.client.endAsync(true).catch(() => undefined);
    }
  }

  private lastWill(): Outgoing | undefined {
    if (this.options.will) return this.options.will;
    if (this.options.availability) {
      return { topic: availabilityTopic(this.options.availability).topic, payload: 'offline', retain: true };
    }
    return undefined;
  }

  private onConnect(): void {
    // A CONNACK can arrive after close() began: do not touch a client that is being ended.
    if (this.closing) return;
    this.backoff.reset();
    this.log.info({ url: redactUrl(this.options.url), reconnect: this.connectedOnce }, 'mqtt connected');
    this.connectedOnce = true;
    const filters = [...new Set(this.subscriptions.map((s) => s.filter))];
    if (filters.length > 0) this.subscribeOnBroker(filters);
    if (this.options.availability && this.online) {
      this.send({ topic: availabilityTopic(this.options.availability).topic, payload: 'online', retain: true });
    }
    for (const message of this.retained.values()) this.send(message.wire);
    this.notifyConnection(true);
  }

  private notifyConnection(connected: boolean): void {
    if (connected === this.reportedUp) return;
    this.reportedUp = connected;
    for (const listener of this.connectionListeners) {
      try {
        listener(connected);
      } catch (error) {
        this.log.error({ err: errorMessage(error) }, 'connection listener failed');
      }
    }
  }

  private onClose(): void {
    if (this.closing) return;
    this.notifyConnection(false);
    if (this.reconnectTimer) return;
    const delay = this.backoff.next();
    if (this.backoff.attempts === 1) {
      this.log.warn({ url: redactUrl(this.options.url), retryInMs: delay }, 'mqtt connection lost or refused: retrying');
    } else {
      this.log.debug({ attempt: this.backoff.attempts, retryInMs: delay }, 'mqtt reconnect scheduled');
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closing) this.client.reconnect();
    }, delay);
  }

  private send(message: Outgoing): void {
    try {
      this.client.publish(message.topic, message.payload, { qos: 1, retain: message.retain }, (error) => {
        if (error) this.log.warn({ topic: message.topic, err: error.message }, 'publish failed');
      });
    } catch (error) {
      this.log.warn({ topic: message.topic, err: errorMessage(error) }, 'publish failed');
    }
  }

  private subscribeOnBroker(filters: string[]): void {
    const wire = filters.map((filter) => contractTopicToWire(filter, this.discoveryPrefix));
    this.client.subscribe(wire, { qos: 1 }, (error) => {
      if (error) this.log.error({ filters: wire, err: error.message }, 'subscribe failed');
    });
  }

  private dispatch(wireTopic: string, payload: Buffer): void {
    const topic = wireTopicToContract(wireTopic, this.discoveryPrefix);
    if (topic === null) return;
    for (const subscription of this.subscriptions) {
      if (!topicMatches(subscription.filter, topic)) continue;
      const ch: Channel = contract[subscription.pattern];
      const decoded = decodePayload(ch, payload);
      if (!decoded.ok) {
        this.invalidPayloads.note(topic, decoded.reason);
        continue;
      }
      this.invoke(subscription, decoded.value, topic);
    }
  }

  private invoke(subscription: Subscription, value: unknown, topic: string): void {
    const fail = (error: unknown) =>
      this.log.error({ topic, err: errorMessage(error) }, 'message handler failed');
    try {
      const result = subscription.handler(value as never, topic);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}
