import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LinkyFrame } from '@mapio/contracts';
import { describeWithServices, eventually, MosquittoBroker, MqttRecorder, PtyPair, type ChildDaemon } from '@mapio/testkit';
import { newBox, startGpioHa } from './gpio-ha-under-test';
import { historicFrame } from './tic-frames';

describeWithServices(['mosquitto', 'socat'], 'Linky: a TIC port that goes away and comes back', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let daemon: ChildDaemon | null = null;
  const ptys: PtyPair[] = [];

  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/linky']);
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    for (const pty of ptys.splice(0)) pty.close();
    await recorder.close();
    await broker.destroy();
  });

  it('is reopened once it is back, and the readings carry on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-tic-replug-'));
    const device = path.join(dir, 'ttyTIC');
    const peer = path.join(dir, 'ttyMeter');
    const first = await PtyPair.open({ device, peer });
    ptys.push(first);
    daemon = await startGpioHa(broker.url, newBox(), { MAPIO_LINKY: 'on', MAPIO_TIC_DEVICE: device, MAPIO_TIC_MODE: 'historic', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await daemon.waitForLog((l) => l.msg === 'TIC port open');
    await first.send(historicFrame({ HCHC: 500, HCHP: 900 }), historicFrame({ HCHC: 501, HCHP: 900 }));
    await recorder.waitFor('mapio/gpio-ha/linky', (p) => (JSON.parse(p) as LinkyFrame).indexes.HCHC === 501, 10_000);

    first.close(); // the adapter is pulled: the port closes under the daemon
    await daemon.waitForLog((l) => l.msg === 'TIC port unavailable: trying again', 10_000);
    const second = await PtyPair.open({ device, peer }); // ... and plugged back in
    ptys.push(second);
    // The first retry comes 5 s after the loss; the ceiling leaves room for a loaded machine.
    await eventually(() => (daemon?.logLines().filter((l) => l.msg === 'TIC port open').length ?? 0) >= 2, 30_000, 'port reopened');
    await second.send(historicFrame({ HCHC: 502, HCHP: 901 }));
    const after = await recorder.waitFor('mapio/gpio-ha/linky', (p) => (JSON.parse(p) as LinkyFrame).indexes.HCHC === 502, 10_000);
    expect(JSON.parse(after.payload)).toMatchObject({ indexes: { HCHC: 502, HCHP: 901 } });
    expect(daemon.child.exitCode).toBeNull();
  });
});
