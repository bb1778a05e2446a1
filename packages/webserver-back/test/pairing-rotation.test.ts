import { MqttBus } from '@mapio/runtime';
import { captureLogs, describeWithServices, eventually, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
import { PairingPublisher } from '../src/pairing/pairing-publisher';
import { PairingToken } from '../src/pairing/pairing-token';

describeWithServices(['mosquitto'], 'pairing token rotation', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await MosquittoBroker.start();
  });
  afterAll(async () => {
    await broker.destroy();
  });

  it('publishes a new token at every lifetime while enabled, none while paused', async () => {
    const recorder = await MqttRecorder.connect(broker.url, ['mapio/webserver-back/pairing']);
    const bus = new MqttBus({ url: broker.url, clientId: 'pairing-test', logger: captureLogs().logger });
    const token = new PairingToken(300);
    const publisher = new PairingPublisher(token, bus, () => 'http://192.168.1.20:8456/', captureLogs().logger);
    try {
      await bus.waitConnected(20_000);
      publisher.rotate();
      const first = JSON.parse((await recorder.waitFor('mapio/webserver-back/pairing')).payload);
      expect(first.url).toBe(`http://192.168.1.20:8456/pair?token=${first.token}`);
      const second = JSON.parse((await recorder.waitFor('mapio/webserver-back/pairing', (p) => JSON.parse(p).token !== first.token, 20_000)).payload);
      expect(token.verify(second.token)).toBe(true);
      expect(token.verify(first.token)).toBe(false);
      publisher.pause();
      const mark = recorder.messages.length;
      // A second publisher with the same lifetime, started after the pause: its timer is due after
      // any the paused one could still have, so its second token closes the watch.
      const sentinel = new PairingPublisher(new PairingToken(300), bus, () => 'http://sentinel.invalid:8456/', captureLogs().logger);
      try {
        sentinel.rotate();
        await eventually(() => recorder.messages.slice(mark).length >= 2, 20_000, 'two sentinel tokens');
      } finally {
        sentinel.stop();
      }
      expect(recorder.messages.slice(mark).every((m) => m.payload.includes('sentinel.invalid'))).toBe(true);
    } finally {
      publisher.stop();
      await bus.close();
      await recorder.close();
    }
  });
});
