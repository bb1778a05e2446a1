import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { NetworkState, WifiApState } from '@mapio/contracts';
import { WifiAccessPoint } from '@mapio/webserver-api';
import { loadConfig, MqttBus } from '@mapio/runtime';
import { captureLogs, describeWithServices, freePort, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
import { systemConfigFields } from '../src/config';
import { createNetworkDomain, type NetworkDomain } from '../src/network/network-domain';
import { startApiServer } from './support/api-server';

const run = promisify(execFile);

describeWithServices(['mosquitto', 'ip'], 'network state and the setup access point (real ip monitor in a network namespace)', () => {
  const namespace = `mapio-test-${randomBytes(4).toString('hex')}`;
  const ip = (...args: string[]) => run('ip', ['-n', namespace, ...args]);
  let dir: string;
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let bus: MqttBus;
  let domain: NetworkDomain;
  let internetPort: number;
  let internet: net.Server | null = null;

  const network = (accept: (state: NetworkState) => boolean, since: number) =>
    recorder.waitFor('mapio/webserver-back/network', (p, m) => !m.retain && accept(JSON.parse(p) as NetworkState), 20_000, since);
  const accessPoint = async (accept: (state: WifiApState) => boolean, since: number) =>
    JSON.parse((await recorder.waitFor('mapio/webserver-back/wifi-ap', (p, m) => !m.retain && accept(JSON.parse(p) as WifiApState), 20_000, since))
        .payload) as WifiApState;
  const calls = () => readFile(path.join(dir, 'calls.log'), 'utf8').then((text) => text.trim().split('\n'), () => []);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-network-'));
    await run('ip', ['netns', 'add', namespace]);
    await ip('link', 'set', 'lo', 'up');
    await ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    await ip('link', 'set', 'v0', 'up');
    await ip('link', 'set', 'v1', 'up');
    // systemd does not run here: this stand-in records what the daemon asks of it.
    await writeFile(path.join(dir, 'systemctl'), `#!/bin/sh\necho "systemctl $*" >> "${dir}/calls.log"\n`);
    await chmod(path.join(dir, 'systemctl'), 0o755);
    broker = await MosquittoBroker.start();
    internetPort = await freePort();
  }, 60_000);

  beforeEach(async () => {
    recorder = await MqttRecorder.connect(broker.url, ['mapio/webserver-back/#']);
    const { logger } = captureLogs();
    bus = new MqttBus({ url: broker.url, clientId: `network-test-${randomBytes(3).toString('hex')}`, logger });
    await bus.waitConnected(10_000);
    const config = loadConfig(systemConfigFields, {
      MAPIO_IP_COMMAND: `ip -n ${namespace}`,
      MAPIO_SYSTEMCTL_COMMAND: path.join(dir, 'systemctl'),
      MAPIO_AP_CONF: path.join(dir, 'hostapd.conf'),
      MAPIO_AP_SSID: 'MAPIO-1234',
      MAPIO_AP_GRACE_MS: '0',
      // Loopback only: a port this test opens to play "the Internet answers".
      MAPIO_INTERNET_TARGETS: `127.0.0.1:${internetPort}`,
      MAPIO_INTERNET_TIMEOUT_MS: '1000',
      MAPIO_NETWORK_REFRESH_MS: '1000',
    });
    domain = createNetworkDomain(config, { bus, logger });
  });

  afterEach(async () => {
    await domain.accessPoint.stop();
    await domain.monitor.stop();
    await bus.close();
    await recorder.close();
    await new Promise((resolve) => (internet ? internet.close(resolve) : resolve(undefined)));
    internet = null;
    await ip('route', 'flush', 'default').catch(() => undefined);
    await ip('address', 'flush', 'dev', 'v0').catch(() => undefined);
    await rm(path.join(dir, 'calls.log'), { force: true });
  });

  afterAll(async () => {
    await run('ip', ['netns', 'del', namespace]).catch(() => undefined);
    await broker?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows an address added and removed in the namespace, and the internet check', async () => {
    const since = Date.now();
    domain.monitor.start();
    await network((s) => s.interfaces.some((i) => i.name === 'v0' && i.ipv4.length === 0) && s.defaultInterface === null && !s.internet, since);
    await ip('address', 'add', '10.77.0.2/24', 'dev', 'v0');
    await network((s) => s.interfaces.find((i) => i.name === 'v0')?.ipv4.includes('10.77.0.2') === true, since);
    await ip('route', 'add', 'default', 'via', '10.77.0.1');
    await network((s) => s.defaultInterface === 'v0', since);
    internet = net.createServer((socket) => socket.end()).listen(internetPort, '127.0.0.1');
    await network((s) => s.internet, since);
    await ip('address', 'del', '10.77.0.2/24', 'dev', 'v0');
    await network((s) => s.defaultInterface === null && s.interfaces.find((i) => i.name === 'v0')?.ipv4.length === 0, since);
  }, 60_000);

  it('starts the access point with a fresh password while there is no network, stops it once connected', async () => {
    const since = Date.now();
    domain.monitor.start();
    domain.accessPoint.start();
    domain.accessPoint.webServerSwitched(true);
    const first = await accessPoint((s) => s.active, since);
    expect(first).toMatchObject({ active: true, ssid: 'MAPIO-1234', address: '10.50.0.1' });
    expect(first.password).toMatch(/^[A-Za-z0-9]{12,}$/);
    const hostapd = await readFile(path.join(dir, 'hostapd.conf'), 'utf8');
    expect(hostapd).toContain(`\nwpa_passphrase=${first.password}\n`);
    expect(hostapd).toContain(`ssid2=${Buffer.from('MAPIO-1234').toString('hex')}\n`);
    expect(await calls()).toEqual(['systemctl start hostapd.service']);

    const connectedSince = Date.now();
    await ip('address', 'add', '10.77.0.2/24', 'dev', 'v0');
    await ip('route', 'add', 'default', 'via', '10.77.0.1');
    expect(await accessPoint((s) => !s.active, connectedSince)).toEqual({ active: false, ssid: 'MAPIO-1234', password: '', address: '' });
    expect(await calls()).toEqual(['systemctl start hostapd.service', 'systemctl stop hostapd.service']);

    const lostSince = Date.now();
    await ip('route', 'flush', 'default');
    const second = await accessPoint((s) => s.active, lostSince);
    expect(second.password).not.toBe(first.password);
  }, 60_000);

  it('answers GET /api/v1/wifi/access-point with what the display is told, password included, and off once connected', async () => {
    const server = await startApiServer({ api: domain.api, legacy: domain.legacy, dir });
    const accessPointOverHttp = async () => {
      const response = await fetch(`${server.base}/api/v1/wifi/access-point`);
      expect(response.status).toBe(200);
      return WifiAccessPoint.parse(await response.json());
    };
    try {
      expect(await accessPointOverHttp()).toEqual({ active: false, ssid: 'MAPIO-1234', password: '', address: '' });
      const since = Date.now();
      domain.monitor.start();
      domain.accessPoint.start();
      domain.accessPoint.webServerSwitched(true);
      const published = await accessPoint((s) => s.active, since);
      expect(await accessPointOverHttp()).toEqual(published);
      expect(published.password).toMatch(/^[A-Za-z0-9]{12,}$/);

      const connectedSince = Date.now();
      await ip('address', 'add', '10.77.0.2/24', 'dev', 'v0');
      await ip('route', 'add', 'default', 'via', '10.77.0.1');
      await accessPoint((s) => !s.active, connectedSince);
      expect(await accessPointOverHttp()).toEqual({ active: false, ssid: 'MAPIO-1234', password: '', address: '' });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('keeps the access point off while the web server is disabled', async () => {
    const since = Date.now();
    domain.monitor.start();
    domain.accessPoint.start();
    domain.accessPoint.webServerSwitched(false);
    await network((s) => s.defaultInterface === null, since);
    // The decision on that state is taken synchronously: with the web server off, nothing was asked of systemd.
    expect(await calls()).toEqual([]);
    domain.accessPoint.webServerSwitched(true);
    await accessPoint((s) => s.active, since);
    const offSince = Date.now();
    domain.accessPoint.webServerSwitched(false);
    await accessPoint((s) => !s.active, offSince);
    expect(await calls()).toEqual(['systemctl start hostapd.service', 'systemctl stop hostapd.service']);
  }, 60_000);
});
