import path from 'node:path';
import { InvalidPayloadError, topicFilter, topicRef } from '@mapio/contracts';
import { MqttBus } from '@mapio/runtime';
import {
  captureLogs,
  ChildDaemon,
  describeWithServices,
  eventually,
  MosquittoBroker,
  MqttRecorder,
} from '@mapio/testkit';

const POWER = {
  state: 'on_battery',
  batteryPercent: 80,
  batteryVolts: 3.95,
  externalPower: false,
  at: '2026-11-26T10:00:00.000Z',
} as const;

describeWithServices(['mosquitto'], 'MQTT bus against a real mosquitto', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  const buses: MqttBus[] = [];

  const openBus = (options: Partial<ConstructorParameters<typeof MqttBus>[0]> = {}) => {
    const logs = captureLogs();
    const bus = new MqttBus({
      url: broker.url,
      clientId: `test-${buses.length}-${process.pid}`,
      logger: logs.logger,
      reconnect: { minMs: 100, maxMs: 400 },
      ...options,
    });
    buses.push(bus);
    return { bus, logs };
  };

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
  });
  beforeEach(async () => {
    if (!broker.running) await broker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#', 'homeassistant/#']);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close(500)));
    await recorder.close();
  });
  afterAll(async () => {
    await broker.destroy();
  });

  describe('availability', () => {
    it('publishes online (retained) on connect and offline on a clean close', async () => {
      const { bus } = openBus({ availability: 'display' });
      const online = await recorder.waitFor('mapio/display/availability', (p) => p === 'online');
      expect(online.payload).toBe('online');
      await bus.close();
      await recorder.waitFor('mapio/display/availability', (p) => p === 'offline');
      const late = await MqttRecorder.connect(broker.url, ['mapio/display/availability']);
      const retained = await late.waitFor('mapio/display/availability');
      expect(retained).toMatchObject({ payload: 'offline', retain: true });
      await late.close();
    });

    it('lets the broker announce offline when the process is killed with SIGKILL', async () => {
      const child = ChildDaemon.spawn(path.join(__dirname, 'fixtures', 'bus-child.js'), [], { MAPIO_MQTT_URL: broker.url });
      await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'online');
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'ON');
      const killedAt = Date.now();
      await child.stop('SIGKILL');
      const offline = await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'offline', 20_000, killedAt);
      expect(offline.payload).toBe('offline');
    });
  });

  describe('incoming messages', () => {
    it('delivers valid payloads typed and drops invalid ones with one warning naming topic and reason', async () => {
      const { bus, logs } = openBus();
      const received: unknown[] = [];
      bus.subscribe('mapio/webserver-back/http/set', (command) => {
        received.push(command);
      });
      await bus.waitConnected(20_000);
      await eventually(async () => {
        await recorder.publish('mapio/webserver-back/http/set', '{"action":"toggle"}');
        return received.length > 0;
      }, 20_000, 'subscription active');
      received.length = 0;

      await recorder.publish('mapio/webserver-back/http/set', 'toggle');
      await recorder.publish('mapio/webserver-back/http/set', '{"action":"format-disk"}');
      await recorder.publish('mapio/webserver-back/http/set', Buffer.from([0xff, 0xfe, 0x00]));
      await recorder.publish('mapio/webserver-back/http/set', '{"action":"disable"}');
      await eventually(() => received.length === 1, 20_000, 'valid message delivered');
      expect(received).toEqual([{ action: 'disable' }]);
      // The first in full; the two after it are counted, and the count comes with the next report.
      const warnings = logs.lines().filter((line) => line.msg === 'invalid payload dropped');
      expect(warnings).toEqual([expect.objectContaining({ level: 40, topic: 'mapio/webserver-back/http/set', reason: 'not JSON: "toggle"' })]);
      await bus.close();
      expect(logs.lines().filter((line) => line.msg === 'invalid payloads dropped')).toEqual([
        expect.objectContaining({ level: 40, topic: 'mapio/webserver-back/http/set', dropped: 2, lastReason: expect.stringMatching(/^not JSON/) }),
      ]);
    });

    it('logs a flood of invalid payloads as one warning per topic, then a count per period', async () => {
      const { bus, logs } = openBus({ invalidPayloadReportMs: 300 });
      const received: string[] = [];
      bus.subscribe('mapio/+/availability', (availability, topic) => {
        received.push(`${topic} ${availability}`);
      });
      await bus.waitConnected(20_000);
      await eventually(async () => {
        await recorder.publish('mapio/gpio-ha/availability', 'online');
        return received.length > 0;
      }, 20_000, 'subscription active');
      const flood = (topic: string, count: number) => Promise.all(Array.from({ length: count }, (_, i) => recorder.publish(topic, `garbage ${i}`)));
      const floodStarted = Date.now();
      await Promise.all([flood('mapio/display/availability', 500), flood('mapio/init/availability', 200)]);
      await recorder.publish('mapio/display/availability', 'offline'); // valid ones still get through
      await eventually(() => received.includes('mapio/display/availability offline'), 20_000, 'the valid message after the flood');
      const counted = () => {
        const lines = logs.lines().filter((line) => line.msg === 'invalid payloads dropped');
        const total = (topic: string) => lines.filter((l) => l.topic === topic).reduce((sum, l) => sum + Number(l.dropped), 0);
        return { display: total('mapio/display/availability'), init: total('mapio/init/availability') };
      };
      await eventually(() => counted().display === 499 && counted().init === 199, 20_000, 'the counts reported');
      const full = logs.lines().filter((line) => line.msg === 'invalid payload dropped');
      expect(full.map((l) => l.topic).sort()).toEqual(['mapio/display/availability', 'mapio/init/availability']);
      // At most one count per topic per period: how many periods passed depends on how fast this
      // machine got through the flood, so the bound comes from the time it actually took.
      const periods = Math.ceil((Date.now() - floodStarted) / 300) + 1;
      for (const topic of ['mapio/display/availability', 'mapio/init/availability']) {
        const countLines = logs.lines().filter((line) => line.msg === 'invalid payloads dropped' && line.topic === topic);
        expect(countLines.length).toBeLessThanOrEqual(periods);
      }
    });

    it('keeps running when a handler throws or rejects', async () => {
      const { bus, logs } = openBus();
      let calls = 0;
      bus.subscribe('mapio/+/availability', async (_payload, topic) => {
        calls += 1;
        if (topic.includes('sync')) throw new Error('sync failure');
        return Promise.reject(new Error('async failure'));
      });
      await bus.waitConnected(20_000);
      await eventually(async () => {
        await recorder.publish('mapio/sync/availability', 'online');
        return calls > 0;
      });
      await recorder.publish('mapio/async/availability', 'online');
      await eventually(() => logs.lines().filter((l) => l.msg === 'message handler failed').length >= 2);
      expect(logs.lines().map((l) => l.err)).toEqual(expect.arrayContaining(['sync failure', 'async failure']));
    });

    it('passes the concrete topic of a pattern subscription', async () => {
      const { bus } = openBus();
      const seen: Array<[string, string]> = [];
      bus.subscribe('mapio/+/availability', (payload, topic) => {
        seen.push([topic, payload]);
      });
      await bus.waitConnected(20_000);
      await eventually(async () => {
        await recorder.publish('mapio/webserver-back/availability', 'offline');
        return seen.some(([topic]) => topic === 'mapio/webserver-back/availability');
      });
      expect(seen).toContainEqual(['mapio/webserver-back/availability', 'offline']);
    });
  });

  describe('outgoing messages', () => {
    it('throws on an invalid payload: that is a bug in the publisher', () => {
      const { bus } = openBus();
      expect(() => bus.publish('mapio/gpio-ha/power', { ...POWER, batteryPercent: 180 })).toThrow(InvalidPayloadError);
      expect(() => bus.publish('mapio/gpio-ha/relay1', 'on' as never)).toThrow(/relay1/);
    });

    it('requires a topic reference for patterns with parameters', () => {
      const { bus } = openBus();
      expect(() => bus.publish('mapio/+/availability', 'online')).toThrow(/topicRef/);
      bus.publish(topicRef('homeassistant/+/+/+/config', 'switch', 'mapio_t', 'relay1'), null);
    });

    it('sends retained state published before the connection exists once connected', async () => {
      const { bus } = openBus({ availability: 'gpio-ha' });
      bus.publish('mapio/gpio-ha/power', POWER);
      const message = await recorder.waitFor('mapio/gpio-ha/power');
      expect(JSON.parse(message.payload)).toEqual(POWER);
    });
  });

  describe('Home Assistant discovery prefix', () => {
    const SWITCH = {
      name: 'Relay',
      unique_id: 'mapio_t_relay1',
      device: { identifiers: ['mapio_t'] },
      command_topic: 'mapio/gpio-ha/relay1/set',
    };

    it('publishes and subscribes under the configured prefix while the code uses contract topics', async () => {
      const { bus } = openBus({ homeAssistantPrefix: 'site/ha' });
      const wireRecorder = await MqttRecorder.connect(broker.url, ['site/ha/#', 'homeassistant/#']);
      const statuses: Array<[string, string]> = [];
      bus.subscribe('homeassistant/status', (status, topic) => {
        statuses.push([topic, status]);
      });
      bus.publish(topicRef('homeassistant/switch/+/+/config', 'mapio_t', 'relay1'), SWITCH);
      const wire = await wireRecorder.waitFor('site/ha/switch/mapio_t/relay1/config');
      expect(JSON.parse(wire.payload)).toEqual(SWITCH);
      expect(wireRecorder.on('homeassistant/switch/mapio_t/relay1/config')).toEqual([]);
      await eventually(async () => {
        await recorder.publish('site/ha/status', 'online');
        return statuses.length > 0;
      }, 20_000, 'status under the prefix delivered');
      await recorder.publish('homeassistant/status', 'offline');
      await recorder.publish('site/ha/status', 'offline');
      await eventually(() => statuses.some(([, status]) => status === 'offline'));
      expect(statuses.every(([topic]) => topic === 'homeassistant/status')).toBe(true);
      expect(statuses.filter(([, status]) => status === 'offline')).toHaveLength(1);
      await wireRecorder.close();
    });

    it('refuses a topic that does not belong to the pattern it claims', () => {
      const { bus } = openBus();
      expect(() =>
        bus.publish({ pattern: 'homeassistant/switch/+/+/config', topic: 'homeassistant/light/a/b/config' }, SWITCH),
      ).toThrow(/not a topic of the pattern/);
    });
  });

  describe('narrow subscriptions and re-publishing', () => {
    it('receives only what the filter selects, typed by the pattern', async () => {
      const { bus } = openBus();
      const seen: string[] = [];
      bus.subscribe(topicFilter('homeassistant/+/+/+/config', '+', 'mine', '+'), (_config, topic) => {
        seen.push(topic);
      });
      await bus.waitConnected(20_000);
      const config = '{"device":{"identifiers":["x"]}}';
      await eventually(async () => {
        await recorder.publish('homeassistant/sensor/mine/a/config', config);
        return seen.length > 0;
      });
      await recorder.publish('homeassistant/sensor/theirs/b/config', config);
      await recorder.publish('homeassistant/light/mine/c/config', config);
      await eventually(() => seen.includes('homeassistant/light/mine/c/config'));
      expect(seen.some((topic) => topic.includes('theirs'))).toBe(false);
    });

    it('sends the remembered retained messages of a filter again on request', async () => {
      const { bus } = openBus();
      bus.publish('mapio/gpio-ha/relay1', 'ON');
      bus.publish('mapio/gpio-ha/power', POWER);
      // Sent by this bus once connected (not the broker's retained copies from earlier tests).
      await bus.waitConnected(20_000);
      await recorder.waitFor('mapio/gpio-ha/power', (_p, m) => !m.retain);
      await recorder.waitFor('mapio/gpio-ha/relay1', (_p, m) => !m.retain);
      const mark = recorder.messages.length;
      bus.republishRetained('mapio/gpio-ha/relay1');
      // An event published next on the same connection arrives after whatever the re-publish sent.
      bus.publish('mapio/display/button', { button: 'mid', at: POWER.at });
      await recorder.waitFor('mapio/display/button', () => true, 20_000);
      expect(recorder.messages.slice(mark).map((m) => [m.topic, m.payload])).toEqual([
        ['mapio/gpio-ha/relay1', 'ON'],
        ['mapio/display/button', expect.stringContaining('"mid"')],
      ]);
    });

    it('tells listeners when the connection goes down and comes back, once each', async () => {
      const { bus } = openBus();
      const changes: boolean[] = [];
      bus.onConnectionChange((connected) => changes.push(connected));
      await eventually(() => changes.length === 1, 20_000, 'connected');
      await recorder.close();
      await broker.stop();
      await eventually(() => changes.length === 2, 20_000, 'disconnected');
      await broker.start();
      recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
      await eventually(() => changes.length === 3, 20_000, 'reconnected');
      expect(changes).toEqual([true, false, true]);
      expect(bus.connected).toBe(true);
    });
  });

  describe('broker restart', () => {
    it('reconnects, then re-publishes online and every retained state', async () => {
      const { bus, logs } = openBus({ availability: 'gpio-ha' });
      bus.publish('mapio/gpio-ha/power', POWER);
      bus.publish('mapio/gpio-ha/relay1', 'ON');
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'ON');
      await recorder.close();

      await broker.stop();
      await eventually(() => !bus.connected, 20_000, 'bus notices the broker is gone');
      // Published while the broker is down: remembered, not lost.
      bus.publish('mapio/gpio-ha/relay1', 'OFF');
      bus.publish('mapio/display/button', { button: 'mid', at: POWER.at });
      await broker.start();

      // persistence is off: whatever a new subscriber sees was re-published by the bus.
      recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
      await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'online', 20_000);
      const power = await recorder.waitFor('mapio/gpio-ha/power', () => true, 20_000);
      expect(JSON.parse(power.payload)).toEqual(POWER);
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'OFF', 20_000);
      // ...and retained on the broker for whoever subscribes later.
      const late = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/relay1']);
      expect(await late.waitFor('mapio/gpio-ha/relay1')).toMatchObject({ payload: 'OFF', retain: true });
      await late.close();
      expect(recorder.on('mapio/display/button')).toEqual([]);
      expect(logs.lines().some((l) => l.msg === 'broker unreachable: event dropped')).toBe(true);
      expect(logs.lines().filter((l) => l.msg === 'mqtt connection lost or refused: retrying')).toHaveLength(1);
    });

    it('can be closed before its first connection completes without failing later', async () => {
      const { bus, logs } = openBus({ availability: 'display' });
      await bus.close(500);
      // A bus opened after it connects and gets a message through the broker: the first one, had
      // it kept going, would have connected meanwhile (and announced itself online).
      const { bus: later } = openBus();
      await later.waitConnected(20_000);
      later.publish('mapio/display/button', { button: 'up', at: POWER.at });
      await recorder.waitFor('mapio/display/button', (p) => p.includes('"up"'), 20_000);
      expect(bus.connected).toBe(false);
      expect(recorder.on('mapio/display/availability').filter((m) => m.payload === 'online' && !m.retain)).toEqual([]);
      expect(logs.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
    });

    it('starts while the broker is down and connects when it appears', async () => {
      await recorder.close();
      await broker.stop();
      const { bus, logs } = openBus({ availability: 'webserver-back' });
      bus.publish('mapio/webserver-back/http', { enabled: true, port: 8456, urls: [] });
      await eventually(() => logs.lines().some((l) => l.msg === 'mqtt connection lost or refused: retrying'), 20_000, 'a refused attempt');
      expect(bus.connected).toBe(false);
      await broker.start();
      recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
      await recorder.waitFor('mapio/webserver-back/availability', (p) => p === 'online', 20_000);
      await recorder.waitFor('mapio/webserver-back/http', () => true, 20_000);
    });
  });
});
