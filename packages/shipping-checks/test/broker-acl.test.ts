import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithServices, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
import mqtt from 'mqtt';
import { layerDir } from './support/repo';

const mosquittoFiles = path.join(layerDir, 'recipes-connectivity', 'mosquitto', 'files');
const DAEMONS = ['mapio-init', 'mapio-display', 'mapio-gpio-ha', 'mapio-webserver-back'] as const;
type Daemon = (typeof DAEMONS)[number];

/** KEY=value lines of an EnvironmentFile. */
const envFile = (file: string) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describeWithServices(['mosquitto', 'mosquitto_passwd'], "meta-mapio's broker configuration, ACL and per-daemon credentials (real mosquitto)", () => {
  jest.setTimeout(60_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-broker-acl-'));
  const credentials = path.join(scratch, 'mqtt');
  const clients: MqttRecorder[] = [];
  let broker: MosquittoBroker;

  /** A client logged in as a daemon, with the credentials mapio-mqtt-credentials gave it. */
  const as = async (daemon: Daemon, subscriptions: string[] = []) => {
    const { MAPIO_MQTT_USERNAME: username, MAPIO_MQTT_PASSWORD: password } = envFile(path.join(credentials, `${daemon}.env`));
    return track(await MqttRecorder.connect(broker.url, subscriptions, { username, password, reconnectPeriod: 0 }));
  };
  const anonymous = async (subscriptions: string[] = []) => track(await MqttRecorder.connect(broker.url, subscriptions, { reconnectPeriod: 0 }));
  const track = (recorder: MqttRecorder) => {
    clients.push(recorder);
    return recorder;
  };

  beforeAll(async () => {
    chmodSync(scratch, 0o755); // the broker drops root for its own user, which reads the password file
    execFileSync(path.join(mosquittoFiles, 'mapio-mqtt-credentials'), [credentials], { env: { PATH: process.env.PATH, MAPIO_MQTT_BROKER_GROUP: 'mosquitto' } });
    const layerConf = readFileSync(path.join(mosquittoFiles, 'mapio.conf'), 'utf8').split('\n');
    // The layer's own security lines, pointed at this test's files; the listener is the suite's port.
    const security = layerConf
      .filter((line) => /^(password_file|acl_file) /.test(line))
      .map((line) => line.replace('/run/mapio/mqtt/passwd', path.join(credentials, 'passwd')).replace('/etc/mosquitto/mapio.acl', path.join(mosquittoFiles, 'mapio.acl')));
    expect(security).toHaveLength(2);
    broker = await MosquittoBroker.start({ extraConfig: security });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await broker?.destroy();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('listens on the loopback only, and lets anonymous clients in (Home Assistant connects without a password)', () => {
    const conf = readFileSync(path.join(mosquittoFiles, 'mapio.conf'), 'utf8');
    expect(conf.match(/^listener .*$/gm)).toEqual(['listener 1883 127.0.0.1', 'listener 1883 ::1']);
    expect(conf).toMatch(/^allow_anonymous true$/m);
  });

  it('gives every daemon its own credentials, and keeps them when run again', () => {
    const first = DAEMONS.map((daemon) => envFile(path.join(credentials, `${daemon}.env`)));
    expect(first.map((env) => env.MAPIO_MQTT_USERNAME)).toEqual([...DAEMONS]);
    expect(new Set(first.map((env) => env.MAPIO_MQTT_PASSWORD)).size).toBe(DAEMONS.length);
    execFileSync(path.join(mosquittoFiles, 'mapio-mqtt-credentials'), [credentials], { env: { PATH: process.env.PATH } });
    expect(DAEMONS.map((daemon) => envFile(path.join(credentials, `${daemon}.env`)))).toEqual(first);
  });

  it('refuses a daemon name with a wrong password', async () => {
    await expect(mqtt.connectAsync(broker.url, { username: 'mapio-webserver-back', password: 'guess', reconnectPeriod: 0 })).rejects.toThrow(/Not authorized|Bad username or password/);
  });

  it('lets anonymous clients read gpio-ha and publish discovery, but never the pairing token or the access point key', async () => {
    const webserver = await as('mapio-webserver-back');
    const gpioHa = await as('mapio-gpio-ha');
    await webserver.publish('mapio/webserver-back/pairing', JSON.stringify({ url: 'http://x/pair?token=secret', token: 'secret', expiresAt: '2030-01-01T00:00:00Z' }), { retain: true });
    await webserver.publish('mapio/webserver-back/wifi-ap', JSON.stringify({ active: true, ssid: 'MAPIO', password: 'wifi-secret', address: '10.50.0.1' }), { retain: true });
    await gpioHa.publish('mapio/gpio-ha/relay1', 'ON', { retain: true });

    const homeAssistant = await anonymous(['#']);
    await homeAssistant.waitFor('mapio/gpio-ha/relay1', (payload) => payload === 'ON', 10_000);
    // Live messages too: the secret goes first, the marker after it on the same connection.
    await webserver.publish('mapio/webserver-back/pairing', JSON.stringify({ url: 'http://x/pair?token=again', token: 'again', expiresAt: '2030-01-01T00:00:00Z' }));
    await webserver.publish('mapio/webserver-back/http', JSON.stringify({ enabled: true, port: 8456, urls: [] }));
    await homeAssistant.waitFor('mapio/webserver-back/http', () => true, 10_000);
    expect(homeAssistant.on('mapio/webserver-back/pairing')).toEqual([]);
    expect(homeAssistant.on('mapio/webserver-back/wifi-ap')).toEqual([]);

    const watcher = await as('mapio-gpio-ha', ['homeassistant/#']);
    await homeAssistant.publish('homeassistant/sensor/kitchen/temperature/config', '{"name":"t"}');
    await watcher.waitFor('homeassistant/sensor/kitchen/temperature/config', () => true, 10_000);
    await gpioHa.client.subscribeAsync('mapio/gpio-ha/relay1/set', { qos: 1 });
    await homeAssistant.publish('mapio/gpio-ha/relay1/set', 'OFF');
    await gpioHa.waitFor('mapio/gpio-ha/relay1/set', (payload) => payload === 'OFF', 10_000);
  });

  it('lets the display read the pairing token and the access point, and send the MID button command', async () => {
    const webserver = await as('mapio-webserver-back', ['mapio/webserver-back/http/set']);
    await webserver.publish('mapio/webserver-back/pairing', JSON.stringify({ url: 'u', token: 't', expiresAt: '2030-01-01T00:00:00Z' }), { retain: true });
    const display = await as('mapio-display', ['mapio/webserver-back/pairing']);
    await display.waitFor('mapio/webserver-back/pairing', () => true, 10_000);
    await display.publish('mapio/webserver-back/http/set', '{"action":"toggle"}');
    await webserver.waitFor('mapio/webserver-back/http/set', () => true, 10_000);
  });

  /** Each daemon writes under mapio/<itself>/; a write elsewhere is dropped by the broker. */
  it.each([
    ['mapio-init', 'mapio/init/state', 'mapio/gpio-ha/power'],
    ['mapio-display', 'mapio/display/view', 'mapio/webserver-back/pairing'],
    ['mapio-gpio-ha', 'mapio/gpio-ha/power', 'mapio/display/view'],
    ['mapio-webserver-back', 'mapio/webserver-back/docker', 'mapio/init/state'],
  ] as const)('%s can write %s and not %s', async (daemon, own, foreign) => {
    // The webserver-back user reads nothing outside its prefix, so the watcher is the display's
    // (it reads mapio/#) for foreign topics and the topic's owner otherwise.
    const watcher = await as('mapio-display', ['mapio/#']);
    const writer = await as(daemon);
    const marker = `${daemon}-${Date.now()}`;
    await writer.publish(foreign, marker);
    await writer.publish(own, marker);
    await watcher.waitFor(own, (payload) => payload === marker, 10_000);
    expect(watcher.on(foreign).filter((message) => message.payload === marker)).toEqual([]);
  });

  it('keeps the Home Assistant discovery of one daemon out of the reach of the other', async () => {
    const watcher = await anonymous(['homeassistant/#']);
    const gpioHa = await as('mapio-gpio-ha');
    const display = await as('mapio-display');
    await gpioHa.publish('homeassistant/device_automation/mapio_x/button_up/config', 'from-gpio-ha');
    await display.publish('homeassistant/device_automation/mapio_x/button_up/config', 'from-display');
    await watcher.waitFor('homeassistant/device_automation/mapio_x/button_up/config', (payload) => payload === 'from-display', 10_000);
    expect(watcher.on('homeassistant/device_automation/mapio_x/button_up/config').map((m) => m.payload)).toEqual(['from-display']);
  });
});
