import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contract, decodePayload, type Channel, type TopicPattern } from '@mapio/contracts';
import { readDeviceIdentity, type DeviceIdentity } from '@mapio/runtime';
import {
  ChildDaemon,
  daemonMain,
  describeWithServices,
  eventually,
  MosquittoBroker,
  MqttRecorder,
  PtyPair,
  type RecordedMessage,
} from '@mapio/testkit';
import { newBox, startGpioHa, type Box } from './gpio-ha-under-test';
import { historicFrame } from './tic-frames';

const BASE_ENTITIES = [
  'binary_sensor/battery_charging',
  'binary_sensor/external_power',
  'light/user_led',
  'sensor/battery_level',
  'sensor/battery_voltage',
  'sensor/power_state',
  'switch/relay1',
];

/** component/object_id -> last config (null = removed) seen under `prefix`. */
function configs(recorder: MqttRecorder, prefix = 'homeassistant', since = 0): Map<string, RecordedMessage> {
  const found = new Map<string, RecordedMessage>();
  for (const message of recorder.messages) {
    const levels = message.topic.split('/');
    const prefixLevels = prefix.split('/').length;
    if (message.at < since || !message.topic.startsWith(`${prefix}/`) || levels.at(-1) !== 'config') continue;
    found.set(`${levels[prefixLevels]}/${levels[prefixLevels + 2]}`, message);
  }
  return found;
}
const live = (found: Map<string, RecordedMessage>) => [...found].filter(([, m]) => m.payload !== '').map(([key]) => key).sort();

describeWithServices(['mosquitto'], 'Home Assistant discovery (real broker)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let identity: DeviceIdentity;
  const daemons: ChildDaemon[] = [];
  const start = async (box: Box, env: NodeJS.ProcessEnv = {}) => {
    const daemon = await startGpioHa(broker.url, box, env);
    daemons.push(daemon);
    return daemon;
  };

  beforeAll(async () => {
    identity = await readDeviceIdentity();
  });
  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['homeassistant/#', 'site/ha/#', 'mapio/#']);
  });
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await daemon.stop();
    await recorder.close();
    await broker.destroy();
  });

  it('announces one MAPIO device with every entity, each config holding only what Home Assistant documents', async () => {
    await start(newBox());
    await eventually(() => live(configs(recorder)).length === BASE_ENTITIES.length, 20_000, 'all configs');
    expect(live(configs(recorder))).toEqual(BASE_ENTITIES);
    for (const [key, message] of configs(recorder)) {
      const component = key.split('/')[0];
      const channel: Channel = contract[`homeassistant/${component}/+/+/config` as TopicPattern];
      expect({ key, decoded: decodePayload(channel, message.payload) }).toMatchObject({ key, decoded: { ok: true } });
      expect(message.topic).toBe(`homeassistant/${key.replace('/', `/${identity.deviceId}_gpio_ha/`)}/config`);
      const config = JSON.parse(message.payload);
      expect(config.unique_id).toBe(`${identity.deviceId}_${key.split('/')[1]}`);
      expect(config.availability_topic).toBe('mapio/gpio-ha/availability');
      expect(config.device).toMatchObject({
        identifiers: [identity.deviceId],
        name: 'MAPIO',
        manufacturer: 'MAPIO',
        sw_version: identity.osVersion,
      });
    }
    const battery = JSON.parse(configs(recorder).get('sensor/battery_level')?.payload ?? '{}');
    expect(battery).toMatchObject({ device_class: 'battery', unit_of_measurement: '%', state_class: 'measurement', expire_after: 630 });
    // Retained, so Home Assistant finds them whenever it connects.
    const late = await MqttRecorder.connect(broker.url, ['homeassistant/#']);
    await eventually(() => live(configs(late)).length === BASE_ENTITIES.length, 20_000, 'retained configs');
    expect(late.messages.every((m) => m.retain)).toBe(true);
    await late.close();
  });

  it('names the OS version of MAPIO_OS_RELEASE in the device block, not the build host\'s', async () => {
    const box = newBox();
    const release = path.join(box.dataDir, 'os-release');
    writeFileSync(release, 'NAME="MAPIO OS"\nVERSION_ID=9.8.7-test\nPRETTY_NAME="MAPIO OS 9.8.7-test"\n');
    await start(box, { MAPIO_OS_RELEASE: release });
    await eventually(() => live(configs(recorder)).length === BASE_ENTITIES.length, 20_000, 'all configs');
    for (const [, message] of configs(recorder)) expect(JSON.parse(message.payload).device.sw_version).toBe('9.8.7-test');
  });

  it('points configuration_url at the web server once it says where it listens', async () => {
    await start(newBox());
    await eventually(() => configs(recorder).size === BASE_ENTITIES.length, 20_000, 'all configs');
    const since = Date.now();
    await recorder.publish('mapio/webserver-back/http', '{"enabled":true,"port":8456,"urls":["http://192.168.1.20:8456/"]}', { retain: true });
    const relay = await recorder.waitFor('homeassistant/switch/' + `${identity.deviceId}_gpio_ha/relay1/config`, (p) => p.includes('configuration_url'), 20_000, since);
    expect(JSON.parse(relay.payload).device.configuration_url).toBe('http://192.168.1.20:8456/');
  });

  it('sends every config and state again when Home Assistant comes online', async () => {
    await start(newBox());
    await eventually(() => configs(recorder).size === BASE_ENTITIES.length, 20_000, 'all configs');
    await recorder.waitFor('mapio/gpio-ha/power');
    const since = Date.now();
    await recorder.publish('homeassistant/status', 'online');
    await eventually(() => live(configs(recorder, 'homeassistant', since)).length === BASE_ENTITIES.length, 20_000, 'configs again');
    for (const topic of ['mapio/gpio-ha/relay1', 'mapio/gpio-ha/user_led', 'mapio/gpio-ha/power']) {
      await recorder.waitFor(topic, () => true, 20_000, since);
    }
    // offline (Home Assistant's last will) asks for nothing. What proves it: the web server's URL,
    // sent after it, changes the configs (not the states), and nothing came in between.
    const mark = recorder.messages.length;
    const after = () => recorder.messages.slice(mark).filter((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config'));
    await recorder.publish('homeassistant/status', 'offline');
    await recorder.publish('mapio/webserver-back/http', '{"enabled":true,"port":8456,"urls":["http://192.168.1.20:8456/"]}', { retain: true });
    await eventually(() => after().length >= BASE_ENTITIES.length, 20_000, 'configs with the URL');
    expect(after().filter((m) => !m.payload.includes('configuration_url'))).toEqual([]);
    expect(recorder.messages.slice(mark).filter((m) => m.topic === 'mapio/gpio-ha/relay1')).toEqual([]);
  });

  it('uses the configured discovery prefix for configs and for the birth message', async () => {
    await start(newBox(), { MAPIO_HA_PREFIX: 'site/ha' });
    await eventually(() => live(configs(recorder, 'site/ha')).length === BASE_ENTITIES.length, 20_000, 'configs under site/ha');
    expect(configs(recorder, 'homeassistant').size).toBe(0);
    const since = Date.now();
    await recorder.publish('homeassistant/status', 'online');
    await recorder.publish('site/ha/status', 'online');
    await eventually(() => live(configs(recorder, 'site/ha', since)).length === BASE_ENTITIES.length, 20_000, 'configs again');
    expect(configs(recorder, 'homeassistant').size).toBe(0);
  });

  it('refuses to start with a discovery prefix that is not a plain topic (exit 78)', async () => {
    for (const prefix of ['ha/#', 'mapio']) {
      const child = ChildDaemon.spawn(daemonMain('gpio-ha'), [], { MAPIO_HA_PREFIX: prefix, MAPIO_MQTT_URL: broker.url });
      expect((await child.exited).code).toBe(78);
      expect(child.stderr).toContain(`MAPIO_HA_PREFIX=${JSON.stringify(prefix)}`);
    }
  });

  describeWithServices(['socat'], 'with a Linky', () => {
    let pty: PtyPair;
    beforeEach(async () => {
      pty = await PtyPair.open();
    });
    afterEach(() => pty.close());

    const linkyEntities = (found: Map<string, RecordedMessage>) => live(found).filter((key) => key.includes('/linky_'));
    const feed = async (from: number) => {
      for (let i = 0; i < 3; i++) {
        await pty.send(historicFrame({ HCHC: from + i, HCHP: 9000 }));
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    it('removes the Linky entities when Linky is turned off (enable file removed)', async () => {
      const box = newBox();
      const enableFile = path.join(box.dataDir, 'homeassistant', 'enable_linky');
      mkdirSync(path.dirname(enableFile), { recursive: true });
      writeFileSync(enableFile, '');
      await start(box, { MAPIO_LINKY: 'auto', MAPIO_TIC_DEVICE: pty.device, MAPIO_LINKY_PUBLISH_MS: '1000' });
      await feed(100);
      await eventually(() => linkyEntities(configs(recorder)).length >= 7, 20_000, 'linky entities');
      const announced = linkyEntities(configs(recorder));
      expect(announced).toEqual(
        expect.arrayContaining(['sensor/linky_index_hchc', 'sensor/linky_index_hchp', 'sensor/linky_apparent_power', 'sensor/linky_tariff_period']),
      );

      rmSync(enableFile);
      await eventually(() => linkyEntities(configs(recorder)).length === 0, 20_000, 'linky entities removed');
      for (const key of announced) expect(configs(recorder).get(key)?.payload).toBe('');
      expect(live(configs(recorder))).toEqual(BASE_ENTITIES);
      // Gone from the broker too: Home Assistant starting later does not see them. The broker sends
      // a new subscriber every retained message before anything published after it subscribed.
      const late = await MqttRecorder.connect(broker.url, ['homeassistant/#']);
      await late.publish('homeassistant/mapio_test_sentinel', 'end of retained');
      await late.waitFor('homeassistant/mapio_test_sentinel', () => true, 20_000);
      expect(live(configs(late))).toEqual(BASE_ENTITIES);
      expect(linkyEntities(configs(late))).toEqual([]);
      await late.close();
    }, 30_000);

    it('removes at start the Linky entities an earlier run left, and keeps them while waiting for the meter', async () => {
      const box = newBox();
      const first = await start(box, { MAPIO_TIC_DEVICE: pty.device, MAPIO_LINKY: 'on', MAPIO_LINKY_PUBLISH_MS: '1000' });
      await feed(500);
      await eventually(() => linkyEntities(configs(recorder)).length >= 7, 20_000, 'linky entities');
      const announced = linkyEntities(configs(recorder));
      await first.stop();
      daemons.splice(daemons.indexOf(first), 1);

      // Linky still on, the meter not heard yet: its entities stay in Home Assistant, also once the
      // stale configs have been judged (the log says so; the URL sent after that proves every
      // removal of that moment has reached the broker).
      let since = Date.now();
      const second = await start(box, { MAPIO_TIC_DEVICE: pty.device, MAPIO_LINKY: 'on', MAPIO_HA_DISCOVERY_SETTLE_MS: '3000' });
      const settled = await second.waitForLog((l) => l.msg === 'discovery settled: stale configs removed', 20_000);
      expect(settled.kept).toEqual(expect.arrayContaining(announced));
      await recorder.publish('mapio/webserver-back/http', '{"enabled":true,"port":8456,"urls":["http://192.168.1.21:8456/"]}');
      await recorder.waitFor(`homeassistant/switch/${identity.deviceId}_gpio_ha/relay1/config`, (p) => p.includes('192.168.1.21'), 20_000, since);
      expect([...configs(recorder, 'homeassistant', since).values()].filter((m) => m.payload === '')).toEqual([]);
      await second.stop();
      daemons.splice(daemons.indexOf(second), 1);

      since = Date.now();
      await start(box, { MAPIO_LINKY: 'off', MAPIO_HA_DISCOVERY_SETTLE_MS: '3000' });
      await eventually(() => announced.every((key) => configs(recorder, 'homeassistant', since).get(key)?.payload === ''), 20_000, 'removed');
      expect(live(configs(recorder))).toEqual(BASE_ENTITIES);
    }, 30_000);
  });
});
