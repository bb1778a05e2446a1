import os from 'node:os';
import path from 'node:path';
import { ChildDaemon, daemonMain, describeWithServices, freePort, MosquittoBroker, MqttRecorder } from '@mapio/testkit';

const init = (args: string[], env: NodeJS.ProcessEnv) =>
  ChildDaemon.spawn(daemonMain('init'), args, { MAPIO_LOG_FORMAT: 'json', ...env });

describe('mapio-init command line', () => {
  it('needs a known command', async () => {
    for (const args of [[], ['shrink'], ['boot', 'extra']]) {
      const child = init(args, {});
      expect((await child.exited).code).toBe(64);
      expect(child.stderr).toContain('expected a command: grow [--device <partition>] [--dry-run] | health [--timeout <seconds>] | boot [--dry-run]');
    }
  });

  it('refuses options of another command and a bad timeout', async () => {
    for (const [args, message] of [
      [['health', '--device', '/dev/sda4'], '--device is an option of grow'],
      [['health', '--timeout', 'soon'], '--timeout expects whole seconds, got soon'],
      [['grow', '--timeout', '5'], '--timeout is an option of health and boot'],
    ] as const) {
      const child = init([...args], {});
      expect((await child.exited).code).toBe(64);
      expect(child.stderr).toContain(message);
    }
  });

  it('documents its commands and --dry-run', async () => {
    const child = init(['--help'], {});
    expect((await child.exited).code).toBe(0);
    for (const usage of ['mapio-init grow [--device <partition>] [--dry-run]', 'mapio-init health [--timeout <seconds>]', 'mapio-init boot [--dry-run]']) {
      expect(child.stdout).toContain(usage);
    }
    expect(child.stdout).toContain('MAPIO_INIT_MQTT_WAIT_MS');
    expect(child.stdout).toContain('MAPIO_RAUC_SYSTEM_CONF');
  });

  it('never fails the boot because the broker is unreachable', async () => {
    const port = await freePort();
    const child = init(['boot', '--dry-run'], { MAPIO_MQTT_URL: `mqtt://127.0.0.1:${port}`, MAPIO_INIT_MQTT_WAIT_MS: '300' });
    expect((await child.exited).code).toBe(0);
    expect(child.logLines().find((l) => l.msg === 'broker unreachable: state not published')).toMatchObject({
      level: 40,
      state: { phase: 'done' },
    });
  });
});

describeWithServices(['mosquitto'], 'mapio-init boot on a real broker', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/init/state']);
  });
  afterAll(async () => {
    await recorder.close();
    await broker.destroy();
  });

  it('boot --dry-run publishes a retained "done" state and exits 0', async () => {
    const since = Date.now();
    const child = init(['boot', '--dry-run'], { MAPIO_MQTT_URL: broker.url, MAPIO_DATA_DIR: os.tmpdir() });
    expect((await child.exited).code).toBe(0);
    const message = await recorder.waitFor('mapio/init/state', () => true, 20_000, since);
    expect(JSON.parse(message.payload)).toMatchObject({ phase: 'done', message: expect.stringMatching(/^NOCHANGE: /) });
    const late = await MqttRecorder.connect(broker.url, ['mapio/init/state']);
    expect(await late.waitFor('mapio/init/state')).toMatchObject({ retain: true });
    await late.close();
  });

  it('is reported failed by its last will when it dies half-way', async () => {
    // The fixture connects with init's real last will, reports "checking" and waits to be killed.
    const since = Date.now();
    const child = ChildDaemon.spawn(path.join(__dirname, 'fixtures', 'half-way.js'), [], { MAPIO_MQTT_URL: broker.url });
    await recorder.waitFor('mapio/init/state', (p) => p.includes('"checking"'), 20_000, since);
    await child.stop('SIGKILL');
    const will = await recorder.waitFor('mapio/init/state', (p) => p.includes('"failed"'), 20_000, since);
    expect(JSON.parse(will.payload)).toEqual({ phase: 'failed', message: 'mapio-init stopped unexpectedly' });
  });
});
