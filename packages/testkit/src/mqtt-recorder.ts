import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { WAIT_CEILING_MS } from './wait-ceiling';

export interface RecordedMessage {
  topic: string;
  payload: string;
  retain: boolean;
  at: number;
}

/**
 * A plain MQTT client for tests: records every message on its subscriptions and waits for the one a
 * test expects. It uses no project code, so it observes the daemons from outside, as Home Assistant
 * or mosquitto_sub would.
 */
export class MqttRecorder {
  readonly messages: RecordedMessage[] = [];
  private waiters = new Set<() => void>();

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, at: Date.now() });
      for (const wake of this.waiters) wake();
    });
  }

  /** `options` adds to (or overrides) the defaults, e.g. a username and password. */
  static async connect(url: string, subscriptions: string[] = ['#'], options: IClientOptions = {}): Promise<MqttRecorder> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, connectTimeout: WAIT_CEILING_MS, ...options });
    const recorder = new MqttRecorder(client);
    if (subscriptions.length > 0) await client.subscribeAsync(subscriptions, { qos: 1 });
    return recorder;
  }

  async publish(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, retain: options.retain ?? false });
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  last(topic: string): RecordedMessage | undefined {
    return this.on(topic).at(-1);
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Resolves with the first message (already recorded or to come) on `topic` satisfying `accept`. */
  async waitFor(
    topic: string,
    accept: (payload: string, message: RecordedMessage) => boolean = () => true,
    timeoutMs = WAIT_CEILING_MS,
    since = 0,
  ): Promise<RecordedMessage> {
    const find = () =>
      this.messages.find((m) => m.topic === topic && m.at >= since && accept(m.payload, m));
    const found = find();
    if (found) return found;
    return new Promise((resolve, reject) => {
      const wake = () => {
        const match = find();
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.on(topic).map((m) => m.payload);
        reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
