import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ChildDaemon, daemonMain, describeWithServices, freePort, MosquittoBroker, MqttRecorder, webserverDaemonEnv } from '@mapio/testkit';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describeWithServices(['mosquitto'], 'mapio-webserver-back daemon: web server switch, pairing, no Docker', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let dataDir: string;
  let port: number;
  const daemons: ChildDaemon[] = [];

  const start = (extra: NodeJS.ProcessEnv = {}) => {
    const daemon = ChildDaemon.spawn(daemonMain('webserver-back'), [], {
      ...webserverDaemonEnv({ mqttUrl: broker.url, dataDir, port }),
      ...extra,
    });
    daemons.push(daemon);
    return daemon;
  };
  /** Messages the daemon under test publishes now (not retained ones left by an earlier daemon). */
  const live = (topic: string, accept: (payload: string) => boolean, since: number) =>
    recorder.waitFor(topic, (payload, message) => !message.retain && accept(payload), 20_000, since);
  const pairing = async (since: number) =>
    JSON.parse((await live('mapio/webserver-back/pairing', () => true, since)).payload) as { url: string; token: string; expiresAt: string };

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-webd-'));
    mkdirSync(path.join(dataDir, 'www'));
    writeFileSync(path.join(dataDir, 'www', 'index.html'), '<!doctype html><title>MAPIO</title>');
    port = await freePort();
  });
  beforeEach(async () => {
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
  });
  afterEach(async () => {
    await Promise.all(daemons.splice(0).map((d) => d.stop()));
    await recorder.close();
  });
  afterAll(async () => {
    await broker.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves at first boot, publishes the pairing link, and turns it into a session cookie', async () => {
    const since = Date.now();
    start();
    const http = await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled === true, since);
    expect(JSON.parse(http.payload)).toEqual({ enabled: true, port, urls: [`http://127.0.0.1:${port}/`] });
    const { url, token, expiresAt } = await pairing(since);
    expect(url).toBe(`http://127.0.0.1:${port}/pair?token=${token}`);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    expect((await fetch(`http://127.0.0.1:${port}/api/v1/services`)).status).toBe(401);
    const unpairedPage = await fetch(`http://127.0.0.1:${port}/some/app/route`, { headers: { accept: 'text/html' } });
    expect(unpairedPage.status).toBe(401);
    expect(await unpairedPage.text()).toContain('<title>Pair with your MAPIO</title>');
    const paired = await fetch(url, { redirect: 'manual' });
    expect(paired.status).toBe(302);
    const cookie = (paired.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`http://127.0.0.1:${port}/some/app/route`, { headers: { accept: 'text/html', cookie } });
    expect(await page.text()).toContain('<title>MAPIO</title>');
    const services = await fetch(`http://127.0.0.1:${port}/api/v1/services`, { headers: { cookie } });
    // No Docker Engine on this socket: the daemon runs on and says so.
    expect(services.status).toBe(503);
    expect(await services.json()).toEqual({ error: { code: 'docker_unavailable', message: expect.any(String) } });
    const docker = await live('mapio/webserver-back/docker', () => true, since);
    expect(JSON.parse(docker.payload)).toMatchObject({ engine: 'unreachable', services: [] });
  });

  it('closes the port on disable, remembers it across a restart, and rotates the token on enable', async () => {
    let since = Date.now();
    const first = start();
    const before = await pairing(since);
    await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled, since);
    since = Date.now();
    await recorder.publish('mapio/webserver-back/http/set', '{"action":"toggle"}');
    const off = await live('mapio/webserver-back/http', (p) => !JSON.parse(p).enabled, since);
    expect(JSON.parse(off.payload)).toEqual({ enabled: false, port, urls: [] });
    expect(await portOpen(port)).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'mapio', 'webserver-back', 'http.json'), 'utf8'))).toEqual({ enabled: false });
    await first.stop();

    since = Date.now();
    start();
    await live('mapio/webserver-back/availability', (p) => p === 'online', since);
    await live('mapio/webserver-back/http', (p) => !JSON.parse(p).enabled, since);
    expect(await portOpen(port)).toBe(false);

    since = Date.now();
    await recorder.publish('mapio/webserver-back/http/set', '{"action":"enable"}');
    await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled, since);
    expect(await portOpen(port)).toBe(true);
    const after = await pairing(since);
    expect(after.token).not.toBe(before.token);
    expect((await fetch(`http://127.0.0.1:${port}/pair?token=${before.token}`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(after.url, { redirect: 'manual' })).status).toBe(302);
  });

  it('turns off from the browser: answers first, then closes the port (only MID turns it on again)', async () => {
    let since = Date.now();
    start();
    const { url } = await pairing(since);
    await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled, since);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/http/disable`, { method: 'POST' })).status).toBe(401);
    const cookie = ((await fetch(url, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    since = Date.now();
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/http/disable`, { method: 'POST', headers: { cookie } });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ enabled: false, message: expect.stringContaining('press MID') });
    await live('mapio/webserver-back/http', (p) => !JSON.parse(p).enabled, since);
    expect(await portOpen(port)).toBe(false);
    // Back on, as the screen's MID button would, for the tests that follow.
    since = Date.now();
    await recorder.publish('mapio/webserver-back/http/set', '{"action":"enable"}');
    await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled, since);
  });

  it('drops an invalid command and keeps serving', async () => {
    const since = Date.now();
    const daemon = start();
    await live('mapio/webserver-back/http', (p) => JSON.parse(p).enabled, since);
    await recorder.publish('mapio/webserver-back/http/set', '{"action":"explode"}');
    await daemon.waitForLog((line) => line.msg === 'invalid payload dropped');
    expect(await portOpen(port)).toBe(true);
  });

  it('with MAPIO_AUTH=off, warns at start and answers without a session', async () => {
    const daemon = start({ MAPIO_AUTH: 'off' });
    await daemon.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('MAPIO_AUTH=off'));
    await daemon.waitForLog((line) => line.msg === 'http listening');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/services`)).status).toBe(503);
  });

  it('never writes the pairing token or the session cookie to its log', async () => {
    const since = Date.now();
    // debug: answered requests (the /pair redirect among them) are logged at that level.
    const daemon = start({ MAPIO_LOG_LEVEL: 'debug' });
    const { url, token } = await pairing(since);
    const paired = await fetch(url, { redirect: 'manual' });
    const session = (paired.headers.get('set-cookie') ?? '').split(';')[0]?.split('=')[1] ?? '';
    await fetch(`http://127.0.0.1:${port}/docker`, { headers: { authorization: `Bearer ${session}` } });
    await daemon.waitForLog((line) => (line.req as { path?: string } | undefined)?.path === '/docker');
    expect(daemon.stdout).toContain('"path":"/pair"');
    expect(daemon.stdout).not.toContain(token);
    expect(daemon.stdout).not.toContain(session);
  });
});
