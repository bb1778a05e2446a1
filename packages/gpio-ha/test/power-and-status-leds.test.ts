import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithServices, eventually, MosquittoBroker, MqttRecorder, type ChildDaemon } from '@mapio/testkit';
import { ledFiles, newBox, startGpioHa, type Box } from './gpio-ha-under-test';

const LOOKS = {
  off: { rgb: '000', triggers: 'none none none' },
  green: { rgb: '010', triggers: 'none none none' },
  greenBlinking: { rgb: '010', triggers: 'none timer none' },
  orange: { rgb: '110', triggers: 'none none none' },
  red: { rgb: '100', triggers: 'none none none' },
  redBlinking: { rgb: '100', triggers: 'timer none none' },
};

describeWithServices(['mosquitto'], 'battery, charger and status LEDs (real broker, simulated board)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let daemon: ChildDaemon | null = null;

  const start = async (box: Box, env: NodeJS.ProcessEnv) => {
    daemon = await startGpioHa(broker.url, box, env);
    return daemon;
  };
  const write = (box: Box, file: string, content: string) => writeFileSync(path.join(box.simDir, file), content);
  const led = (box: Box, name: string, look: keyof typeof LOOKS, timeoutMs = 20_000) =>
    eventually(() => JSON.stringify(ledFiles(box, name)) === JSON.stringify(LOOKS[look]), timeoutMs, `${name} ${look}`);
  const power = async (accept: (p: Record<string, unknown>) => boolean, since: number, timeoutMs = 20_000) =>
    JSON.parse((await recorder.waitFor('mapio/gpio-ha/power', (p) => accept(JSON.parse(p)), timeoutMs, since)).payload) as Record<string, unknown>;

  // Retained states of one test must not leak into the next: a broker each.
  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    await recorder.close();
    await broker.destroy();
  });

  describe('battery and charger', () => {
    // How soon is the sample period's business (MAPIO_BATTERY_SAMPLE_MS); a loaded machine may be late.
    it('publishes the power state, and a new battery voltage at a following sample', async () => {
      const box = newBox();
      await start(box, { MAPIO_BATTERY_SAMPLE_MS: '1000' });
      expect(await power(() => true, 0)).toMatchObject({
        state: 'charging',
        batteryVolts: 3.95,
        batteryPercent: 77,
        externalPower: true,
      });
      await led(box, 'LED3', 'greenBlinking');
      const since = Date.now();
      write(box, 'pmic/battery_volts', '3.6\n');
      const after = await power((p) => p.batteryVolts === 3.6, since);
      expect(after).toMatchObject({ state: 'charging', batteryPercent: 10 });
    });

    it('follows the charger lines at once, without waiting for a sample', async () => {
      const box = newBox();
      await start(box, { MAPIO_BATTERY_SAMPLE_MS: '600000' });
      await power((p) => p.state === 'charging', 0);
      let since = Date.now();
      write(box, 'gpio/gpiochip1/9', '1\n'); // mains adapter unplugged: CHG_ACOK_N high
      expect(await power((p) => p.state === 'on_battery', since)).toMatchObject({ externalPower: false, batteryPercent: 77 });
      await led(box, 'LED3', 'orange');
      since = Date.now();
      write(box, 'gpio/gpiochip1/9', '0\n');
      expect(await power((p) => p.state === 'charging', since)).toMatchObject({ externalPower: true });
      await led(box, 'LED3', 'greenBlinking');
    });

    it('says critical on an almost empty battery and no_battery without one', async () => {
      const box = newBox();
      await start(box, { MAPIO_BATTERY_SAMPLE_MS: '1000' });
      await power(() => true, 0);
      let since = Date.now();
      write(box, 'gpio/gpiochip1/9', '1\n');
      write(box, 'gpio/gpiochip1/10', '0\n');
      write(box, 'pmic/battery_volts', '3.5\n');
      expect(await power((p) => p.state === 'critical', since)).toMatchObject({ batteryVolts: 3.5, batteryPercent: 7 });
      await led(box, 'LED3', 'redBlinking');
      since = Date.now();
      write(box, 'pmic/battery_volts', '');
      expect(await power((p) => p.state === 'no_battery', since)).toMatchObject({ batteryVolts: null, batteryPercent: null });
      await led(box, 'LED3', 'red');
    });

    it('publishes at least every heartbeat period when nothing changes', async () => {
      const box = newBox();
      await start(box, { MAPIO_BATTERY_SAMPLE_MS: '1000', MAPIO_POWER_HEARTBEAT_MS: '10000' });
      const first = await recorder.waitFor('mapio/gpio-ha/power', () => true, 20_000);
      const second = await recorder.waitFor('mapio/gpio-ha/power', () => true, 60_000, first.at + 1);
      // The daemon's own publish times (a timer never fires early), not when the messages reached
      // the recorder: a loaded machine may deliver the first one late.
      const publishedAt = (message: { payload: string }) => Date.parse((JSON.parse(message.payload) as { at: string }).at);
      expect(publishedAt(second) - publishedAt(first)).toBeGreaterThanOrEqual(9_500);
    }, 90_000);
  });

  describe('LED1 (system) follows availability, Docker and init', () => {
    const announce = async (facts: { display?: string; webserver?: string; docker?: string; init?: string }) => {
      const retained = { retain: true };
      if (facts.display) await recorder.publish('mapio/display/availability', facts.display, retained);
      if (facts.webserver) await recorder.publish('mapio/webserver-back/availability', facts.webserver, retained);
      if (facts.docker) await recorder.publish('mapio/webserver-back/docker', `{"engine":"${facts.docker}","services":[]}`, retained);
      if (facts.init) await recorder.publish('mapio/init/state', `{"phase":"${facts.init}","message":""}`, retained);
    };

    it('is orange while starting, green once everything runs', async () => {
      const box = newBox();
      await start(box, { MAPIO_STATUS_GRACE_MS: '600000' });
      await led(box, 'LED1', 'orange');
      await announce({ display: 'online', webserver: 'online', docker: 'running', init: 'done' });
      await led(box, 'LED1', 'green');
    });

    it('turns red past the grace period for a missing or offline daemon and for Docker unreachable', async () => {
      const box = newBox();
      // (Orange during the grace period is the test above: checking it here would race the clock.)
      await start(box, { MAPIO_STATUS_GRACE_MS: '1500' });
      await announce({ webserver: 'online', docker: 'running' });
      await led(box, 'LED1', 'red'); // display never came
      await announce({ display: 'online' });
      await led(box, 'LED1', 'green');
      await announce({ display: 'offline' });
      await led(box, 'LED1', 'red');
      await announce({ display: 'online', docker: 'unreachable' });
      await led(box, 'LED1', 'red');
      await announce({ docker: 'running' });
      await led(box, 'LED1', 'green');
      expect(daemon?.logLines().filter((l) => l.led === 'LED1').map((l) => l.reason)).toContain('docker unreachable');
    });

    it('is orange while init works and red when it failed', async () => {
      const box = newBox();
      // No grace period: orange can only mean init is at work.
      await start(box, { MAPIO_STATUS_GRACE_MS: '0' });
      await announce({ display: 'online', webserver: 'online', docker: 'running', init: 'growing' });
      await led(box, 'LED1', 'orange');
      await announce({ init: 'failed' });
      await led(box, 'LED1', 'red');
      await announce({ init: 'done' });
      await led(box, 'LED1', 'green');
    });
  });

  it('LED3 follows power states published on MQTT', async () => {
    const box = newBox();
    await start(box, { MAPIO_BATTERY_SAMPLE_MS: '600000' });
    await led(box, 'LED3', 'greenBlinking');
    const state = (name: string) =>
      recorder.publish(
        'mapio/gpio-ha/power',
        JSON.stringify({ state: name, batteryPercent: 50, batteryVolts: 3.8, externalPower: false, at: new Date().toISOString() }),
      );
    await state('on_battery');
    await led(box, 'LED3', 'orange');
    await state('charged');
    await led(box, 'LED3', 'green');
    await state('critical');
    await led(box, 'LED3', 'redBlinking');
  });
});
