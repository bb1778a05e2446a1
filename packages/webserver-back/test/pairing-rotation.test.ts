import { MqttBus } from '@mapio/runtime';
import { captureLogs, describeWithServices, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
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
      await bus.waitConnected(5000);
      publisher.rotate();
      const first = JSON.parse((await recorder.waitFor('mapio/webserver-back/pairing')).payload);
      expect(first.url).toBe(`http://192.168.1.20:8456/pair?token=${first.token}`);
      const second = JSON.parse((await recorder.waitFor('mapio/webserver-back/pairing', (p) => JSON.parse(p).token !== first.token, 2000)).payload);
      expect(token.verify(second.token)).toBe(true);
      expect(token.verify(first.token)).toBe(false);
      publisher.pause();
      const count = recorder.on('mapio/webserver-back/pairing').length;
      await new Promise((r) => setTimeout(r, 700));
      expect(recorder.on('mapio/webserver-back/pairing')).toHaveLength(count);
    } finally {
      publisher.stop();
      await bus.close();
      await recorder.close();
    }
  });
});
