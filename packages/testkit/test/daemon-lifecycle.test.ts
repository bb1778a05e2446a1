import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildDaemon, daemonMain, describeWithServices, freePort, MosquittoBroker, MqttRecorder, isolatedWebserverEnv } from '@mapio/testkit';

const LONG_RUNNING = ['display', 'gpio-ha', 'webserver-back'] as const;

describe.each(LONG_RUNNING)('mapio-%s command line', (name) => {
  it('prints its version', async () => {
    const child = ChildDaemon.spawn(daemonMain(name), ['--version'], {});
    expect((await child.exited).code).toBe(0);
    expect(child.stdout.trim()).toMatch(new RegExp(`^mapio-${name} \\d+\\.\\d+\\.\\d+$`));
  });

  it('prints help listing its configuration variables', async () => {
    const child = ChildDaemon.spawn(daemonMain(name), ['--help'], {});
    expect((await child.exited).code).toBe(0);
    expect(child.stdout).toContain(`Usage: mapio-${name}`);
    expect(child.stdout).toContain('MAPIO_MQTT_URL');
  });

  it('refuses unknown options with exit code 64', async () => {
    const child = ChildDaemon.spawn(daemonMain(name), ['--frobnicate'], {});
    expect((await child.exited).code).toBe(64);
    expect(child.stderr).toContain('unknown option --frobnicate');
  });

  it('stops at once with exit code 78 and one line per bad variable', async () => {
    const child = ChildDaemon.spawn(daemonMain(name), [], { MAPIO_MQTT_URL: 'localhost', MAPIO_LOG_LEVEL: 'loud' });
    expect((await child.exited).code).toBe(78);
    expect(child.stderr).toContain('MAPIO_MQTT_URL="localhost": expected a URL');
    expect(child.stderr).toContain('MAPIO_LOG_LEVEL="loud": expected one of:');
  });
});

describe.each(LONG_RUNNING)('mapio-%s without a broker', (name) => {
  // Exit code 0 is the proof it stopped in time: past runDaemon's shutdown deadline it exits 1.
  it('keeps running, retrying, and still stops cleanly on SIGTERM (exit 0, before its shutdown deadline)', async () => {
    const port = await freePort();
    const daemon = ChildDaemon.spawn(daemonMain(name), [], {
      MAPIO_MQTT_URL: `mqtt://127.0.0.1:${port}`,
      MAPIO_HARDWARE: 'sim',
      MAPIO_SIM_DIR: mkdtempSync(path.join(os.tmpdir(), 'mapio-nobroker-')),
      MAPIO_LOG_FORMAT: 'json',
    });
    await daemon.waitForLog((line) => line.msg === 'mqtt connection lost or refused: retrying', 20_000);
    await daemon.waitForLog((line) => line.msg === 'started', 20_000);
    expect(await daemon.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
  });
});

describeWithServices(['mosquitto'], 'long-running daemons on a real broker', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  const simDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-lifecycle-'));

  let httpPort: number;

  const start = (name: string) =>
    ChildDaemon.spawn(daemonMain(name), [], {
      MAPIO_MQTT_URL: broker.url,
      // webserver-back: its own port, and no Docker Engine (it must run without one).
      MAPIO_HTTP_PORT: String(httpPort),
      MAPIO_HTTP_HOST: '127.0.0.1',
      ...isolatedWebserverEnv(simDir),
      DOCKER_HOST: `unix://${path.join(simDir, 'no-docker.sock')}`,
      MAPIO_HARDWARE: 'sim',
      MAPIO_SIM_DIR: simDir,
      MAPIO_DATA_DIR: simDir,
      MAPIO_LOG_FORMAT: 'json',
    });

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    httpPort = await freePort();
  });
  beforeEach(async () => {
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
  });
  afterEach(async () => {
    await recorder.close();
  });
  afterAll(async () => {
    await broker.destroy();
  });

  describe.each(LONG_RUNNING)('mapio-%s', (name) => {
    const topic = `mapio/${name}/availability`;

    it('announces online, and offline after SIGTERM, exiting 0 (before its shutdown deadline)', async () => {
      const since = Date.now();
      const daemon = start(name);
      await recorder.waitFor(topic, (p) => p === 'online', 20_000, since);
      // `online` comes with the broker connection, which may be before the features finished starting.
      await daemon.waitForLog((line) => line.msg === 'started');
      const stoppingAt = Date.now();
      const result = await daemon.stop('SIGTERM', 20_000);
      expect(result).toEqual({ code: 0, signal: null });
      await recorder.waitFor(topic, (p) => p === 'offline', 20_000, stoppingAt);
      expect(daemon.logLines().map((line) => line.msg)).toEqual(expect.arrayContaining(['started', 'stopping', 'stopped']));
    });

    it('is announced offline by the broker when killed with SIGKILL', async () => {
      const since = Date.now();
      const daemon = start(name);
      await recorder.waitFor(topic, (p) => p === 'online', 20_000, since);
      const killedAt = Date.now();
      await daemon.stop('SIGKILL');
      await recorder.waitFor(topic, (p) => p === 'offline', 20_000, killedAt);
    });
  });
});
