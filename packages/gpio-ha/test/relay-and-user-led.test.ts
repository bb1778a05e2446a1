import { readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithServices, eventually, MosquittoBroker, MqttRecorder, type ChildDaemon } from '@mapio/testkit';
import { ledFiles, newBox, simFile, startGpioHa, type Box } from './gpio-ha-under-test';

describeWithServices(['mosquitto'], 'relay and user LED commands (real broker, simulated board)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  const daemons: ChildDaemon[] = [];

  const start = async (box: Box, env: NodeJS.ProcessEnv = {}) => {
    const daemon = await startGpioHa(broker.url, box, env);
    daemons.push(daemon);
    return daemon;
  };
  const relayFile = (box: Box) => simFile(box, 'gpio', 'gpiochip0', '25');

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/#']);
  });
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await daemon.stop();
  });
  afterAll(async () => {
    await recorder.close();
    await broker.destroy();
  });

  describe('relay', () => {
    it('switches GPIO25 on relay1/set and echoes the state once written', async () => {
      const box = newBox();
      await start(box);
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'OFF');
      const since = Date.now();
      await recorder.publish('mapio/gpio-ha/relay1/set', 'ON');
      const on = await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'ON', 20_000, since);
      expect(relayFile(box)).toBe('1');
      const late = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/relay1']);
      expect(await late.waitFor('mapio/gpio-ha/relay1')).toMatchObject({ payload: 'ON', retain: true });
      await late.close();
      await recorder.publish('mapio/gpio-ha/relay1/set', 'OFF');
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'OFF', 20_000, on.at);
      expect(relayFile(box)).toBe('0');
      expect(JSON.parse(readFileSync(path.join(box.dataDir, 'gpio-ha', 'relay1.json'), 'utf8'))).toMatchObject({ state: 'OFF' });
    });

    it('ignores invalid commands with a warning', async () => {
      const box = newBox();
      const daemon = await start(box);
      await recorder.waitFor('mapio/gpio-ha/relay1');
      const since = Date.now();
      for (const bad of ['on', 'TOGGLE', '1', '']) await recorder.publish('mapio/gpio-ha/relay1/set', bad);
      // A valid command after them: once it is echoed, the invalid ones were all handled.
      await recorder.publish('mapio/gpio-ha/relay1/set', 'OFF');
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'OFF', 20_000, since);
      expect(relayFile(box)).toBe('0');
      expect(recorder.on('mapio/gpio-ha/relay1').filter((m) => m.at >= since).map((m) => m.payload)).toEqual(['OFF']);
      // The first in full, the others counted (a flood must not flood the journal); the count is
      // logged every minute, and when the daemon stops.
      await daemon.stop();
      expect(daemon.logLines().filter((l) => l.msg === 'invalid payload dropped')).toEqual([
        expect.objectContaining({ level: 40, topic: 'mapio/gpio-ha/relay1/set' }),
      ]);
      expect(daemon.logLines().find((l) => l.msg === 'invalid payloads dropped')).toMatchObject({ topic: 'mapio/gpio-ha/relay1/set', dropped: 3 });
    });

    it('keeps the relay as it was across a daemon restart, never toggling it', async () => {
      const box = newBox();
      const first = await start(box);
      await recorder.publish('mapio/gpio-ha/relay1/set', 'ON');
      await eventually(() => relayFile(box) === '1', 20_000, 'relay on');

      const seen: string[] = [];
      let sawSentinel = false;
      const watcher = watch(path.dirname(path.join(box.simDir, 'gpio', 'gpiochip0', '25')), (_event, file) => {
        if (file === 'sentinel') sawSentinel = true;
        else seen.push(relayFile(box));
      });
      expect(await first.stop()).toEqual({ code: 0, signal: null });
      expect(relayFile(box)).toBe('1');
      const relayPath = path.join(box.simDir, 'gpio', 'gpiochip0', '25');
      const writtenAt = statSync(relayPath).mtimeMs;
      const since = Date.now();
      const second = await start(box);
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'ON', 20_000, since);
      // The start wrote nothing after 'started'; what the watcher saw of it arrives before an event
      // we cause now in the same directory (inotify keeps the order).
      writeFileSync(path.join(path.dirname(relayPath), 'sentinel'), '');
      await eventually(() => sawSentinel, 20_000, 'the sentinel write');
      watcher.close();
      expect(relayFile(box)).toBe('1');
      expect(seen.filter((value) => value !== '1')).toEqual([]);
      // Not even rewritten with the same value: the line was left alone.
      expect(statSync(relayPath).mtimeMs).toBe(writtenAt);
      expect(second.logLines().some((l) => l.msg === 'relay restored to its saved state')).toBe(false);
    });

    it('stops at once on SIGTERM with commands queued: the write under way finishes, the rest is dropped', async () => {
      const box = newBox();
      const daemon = await start(box);
      await recorder.waitFor('mapio/gpio-ha/relay1');
      const since = Date.now();
      // Far more commands than it can write before runDaemon's shutdown deadline (each one is a GPIO
      // write and an atomic file write).
      const commands = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? 'ON' : 'OFF'));
      await Promise.all(commands.map((command) => recorder.publish('mapio/gpio-ha/relay1/set', command)));
      await daemon.waitForLog((l) => l.msg === 'relay switched', 20_000);
      expect(await daemon.stop('SIGTERM', 30_000)).toEqual({ code: 0, signal: null });
      await recorder.waitFor('mapio/gpio-ha/availability', (p) => p === 'offline', 20_000, since);
      const switched = daemon.logLines().filter((l) => l.msg === 'relay switched');
      expect(switched.length).toBeLessThan(commands.length);
      expect(daemon.logLines().find((l) => l.msg === 'relay commands dropped: stopping')?.dropped).toBeGreaterThan(0);
      // What is saved, published and on the line agree: the last write finished whole.
      const last = switched.at(-1)?.state;
      expect(relayFile(box)).toBe(last === 'ON' ? '1' : '0');
      expect(JSON.parse(readFileSync(path.join(box.dataDir, 'gpio-ha', 'relay1.json'), 'utf8'))).toMatchObject({ state: last });
      expect(recorder.last('mapio/gpio-ha/relay1')?.payload).toBe(last);
    }, 60_000);

    it('comes back as last commanded after a reboot cleared the GPIO', async () => {
      const box = newBox();
      const first = await start(box);
      await recorder.publish('mapio/gpio-ha/relay1/set', 'ON');
      await eventually(() => relayFile(box) === '1', 20_000, 'relay on');
      await first.stop();
      writeFileSync(path.join(box.simDir, 'gpio', 'gpiochip0', '25'), '0\n'); // the SoC resets GPIO25 at boot
      const second = await start(box);
      await eventually(() => relayFile(box) === '1', 20_000, 'relay restored');
      expect(second.logLines().find((l) => l.msg === 'relay restored to its saved state')).toMatchObject({ state: 'ON', was: 'OFF' });
    });

    it('without a saved state, reports the relay as it finds it and leaves it', async () => {
      const box = newBox();
      await start(box); // creates the board files
      await daemons.splice(0)[0]?.stop();
      writeFileSync(path.join(box.simDir, 'gpio', 'gpiochip0', '25'), '1\n');
      const since = Date.now();
      await start(box);
      await recorder.waitFor('mapio/gpio-ha/relay1', (p) => p === 'ON', 20_000, since);
      expect(relayFile(box)).toBe('1');
    });
  });

  describe('user LED (LED2)', () => {
    it('shows the commanded colour on its three channels and echoes what it shows', async () => {
      const box = newBox();
      await start(box);
      await recorder.waitFor('mapio/gpio-ha/user_led');
      let since = Date.now();
      await recorder.publish('mapio/gpio-ha/user_led/set', '{"state":"ON","color":{"r":255,"g":140,"b":0}}');
      const orange = await recorder.waitFor('mapio/gpio-ha/user_led', (p) => p.includes('"ON"'), 20_000, since);
      expect(JSON.parse(orange.payload)).toEqual({ state: 'ON', color_mode: 'rgb', color: { r: 255, g: 255, b: 0 }, brightness: 255 });
      expect(ledFiles(box, 'LED2')).toEqual({ rgb: '110', triggers: 'none none none' });

      since = Date.now();
      await recorder.publish('mapio/gpio-ha/user_led/set', '{"state":"OFF"}');
      await recorder.waitFor('mapio/gpio-ha/user_led', (p) => p.includes('"OFF"'), 20_000, since);
      expect(ledFiles(box, 'LED2').rgb).toBe('000');
    });

    it('ignores invalid commands and keeps what it shows across a restart', async () => {
      const box = newBox();
      const first = await start(box);
      await recorder.publish('mapio/gpio-ha/user_led/set', '{"state":"ON","color":{"r":0,"g":0,"b":255}}');
      await eventually(() => ledFiles(box, 'LED2').rgb === '001', 20_000, 'LED2 blue');
      await recorder.publish('mapio/gpio-ha/user_led/set', '{"state":"PURPLE"}');
      await recorder.publish('mapio/gpio-ha/user_led/set', 'ON');
      await first.waitForLog((l) => l.msg === 'invalid payload dropped');
      // The same colour again, after them: once it is echoed, both invalid ones were handled.
      const sentinelSince = Date.now();
      await recorder.publish('mapio/gpio-ha/user_led/set', '{"state":"ON","color":{"r":0,"g":0,"b":255}}');
      await recorder.waitFor('mapio/gpio-ha/user_led', () => true, 20_000, sentinelSince);
      expect(ledFiles(box, 'LED2').rgb).toBe('001');
      await first.stop();
      expect(first.logLines().find((l) => l.msg === 'invalid payloads dropped')).toMatchObject({ dropped: 1 });
      const since = Date.now();
      await start(box);
      const state = await recorder.waitFor('mapio/gpio-ha/user_led', () => true, 20_000, since);
      expect(JSON.parse(state.payload)).toMatchObject({ state: 'ON', color: { r: 0, g: 0, b: 255 } });
      expect(ledFiles(box, 'LED2').rgb).toBe('001');
    });
  });
});
