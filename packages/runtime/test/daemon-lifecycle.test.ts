import path from 'node:path';
import { ChildDaemon, describeWithServices, MosquittoBroker, MqttRecorder } from '@mapio/testkit';

describeWithServices(['mosquitto'], 'runDaemon stopping while features start', () => {
  let broker: MosquittoBroker;

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('lets the feature being started finish, starts no other, stops those started, exits 0', async () => {
    const recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/availability']);
    const daemon = ChildDaemon.spawn(path.join(__dirname, 'fixtures', 'slow-start-daemon.js'), [], {
      MAPIO_MQTT_URL: broker.url,
      MAPIO_LOG_FORMAT: 'json',
    });
    await daemon.waitForLog((line) => line.msg === 'slow starting');
    const stoppingAt = Date.now();
    expect(await daemon.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    const messages = daemon.logLines().map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['stopping', 'slow started', 'slow stopped', 'quick stopped', 'stopped']));
    expect(messages).not.toContain('never starting');
    expect(messages).not.toContain('started');
    expect(messages.indexOf('slow stopped')).toBeLessThan(messages.indexOf('quick stopped'));
    expect(daemon.logLines().filter((line) => typeof line.level === 'number' && line.level >= 50)).toEqual([]);
    await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'offline', 20_000, stoppingAt);
    await recorder.close();
  });

  it('announces online only once every feature has started', async () => {
    const recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/availability']);
    const spawnedAt = Date.now();
    const daemon = ChildDaemon.spawn(path.join(__dirname, 'fixtures', 'slow-start-daemon.js'), [], {
      MAPIO_MQTT_URL: broker.url,
      MAPIO_LOG_FORMAT: 'json',
    });
    await daemon.waitForLog((line) => line.msg === 'mqtt connected');
    await daemon.waitForLog((line) => line.msg === 'slow starting');
    const online = await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'online', 20_000, spawnedAt);
    const startedAt = daemon.logLines().find((line) => line.msg === 'slow started');
    expect(startedAt).toBeDefined();
    // 'slow' takes 800 ms after the connection: online must not come before it is done.
    expect(online.at - spawnedAt).toBeGreaterThanOrEqual(800);
    expect(await daemon.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    await recorder.close();
  });
});
