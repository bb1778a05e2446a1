import path from 'node:path';
import type { LinkyFrame } from '@mapio/contracts';
import { ChildDaemon, describeWithServices, MosquittoBroker, MqttRecorder, PtyPair } from '@mapio/testkit';
import { newBox, startGpioHa } from './gpio-ha-under-test';

const TIC_FEED = path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'tic-feed.mjs');

describeWithServices(['mosquitto', 'socat'], 'scripts/tic-feed, the simulator meter, read by the daemon', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let pty: PtyPair;
  const started: ChildDaemon[] = [];

  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/linky']);
    pty = await PtyPair.open();
  });
  afterEach(async () => {
    for (const child of started.splice(0).reverse()) await child.stop('SIGINT');
    pty.close();
    await recorder.close();
    await broker.destroy();
  });

  const run = async (ticMode: string, feedArgs: string[]) => {
    const daemon = await startGpioHa(broker.url, newBox(), { MAPIO_LINKY: 'on', MAPIO_TIC_DEVICE: pty.device, MAPIO_TIC_MODE: ticMode, MAPIO_LINKY_PUBLISH_MS: '1000' });
    started.push(daemon);
    await daemon.waitForLog((l) => l.msg === 'TIC port open');
    started.push(ChildDaemon.spawn(TIC_FEED, [...feedArgs, '--device', pty.peer], {}));
  };
  const linky = async (accept: (p: LinkyFrame) => boolean) =>
    JSON.parse((await recorder.waitFor('mapio/gpio-ha/linky', (p) => accept(JSON.parse(p) as LinkyFrame), 15_000)).payload) as LinkyFrame;

  it('plays a standard-mode meter whose indexes grow', async () => {
    await run('standard', ['standard', '--period', '200', '--power', '3000']);
    const first = await linky((p) => p.indexes.EAST !== undefined);
    const later = await linky((p) => (p.indexes.EAST ?? 0) > (first.indexes.EAST ?? 0));
    expect(later).toMatchObject({ mode: 'standard', meterId: '021728123456', apparentPowerVA: 3000, status: { cutOff: 'closed' } });
  });

  it('replays a real capture', async () => {
    await run('historic', ['replay', path.join(__dirname, 'fixtures', 'tic-real', 'h-tempo-pyteleinfo.bin'), '--period', '500']);
    expect(await linky((p) => p.indexes.BBRHPJB !== undefined)).toMatchObject({
      meterId: '021861348497',
      tempo: { today: 'blue', tomorrow: 'red' },
      indexes: { BBRHPJB: 23_739_545 },
    });
  });
});
