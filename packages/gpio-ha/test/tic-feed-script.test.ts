import path from 'node:path';
import { ChildDaemon, describeWithServices } from '@mapio/testkit';
import { linkyRig } from './linky-under-test';

const TIC_FEED = path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'tic-feed.mjs');

describeWithServices(['mosquitto', 'socat'], 'scripts/tic-feed, the simulator meter, read by the daemon', () => {
  const rig = linkyRig();
  let feed: ChildDaemon | null = null;
  afterEach(async () => {
    await feed?.stop('SIGINT');
    feed = null;
  });

  const run = async (ticMode: string, feedArgs: string[]) => {
    const daemon = await rig.start({ MAPIO_TIC_MODE: ticMode });
    await daemon.waitForLog((l) => l.msg === 'TIC port open');
    feed = ChildDaemon.spawn(TIC_FEED, [...feedArgs, '--device', rig.pty.peer], {});
  };

  it('plays a standard-mode meter whose indexes grow', async () => {
    await run('standard', ['standard', '--period', '200', '--power', '3000']);
    const first = await rig.linky((p) => p.indexes.EAST !== undefined);
    const later = await rig.linky((p) => (p.indexes.EAST ?? 0) > (first.indexes.EAST ?? 0));
    expect(later).toMatchObject({ mode: 'standard', meterId: '021728123456', apparentPowerVA: 3000, status: { cutOff: 'closed' } });
  });

  it('replays a real capture', async () => {
    await run('historic', ['replay', path.join(__dirname, 'fixtures', 'tic-real', 'h-tempo-pyteleinfo.bin'), '--period', '500']);
    expect(await rig.linky((p) => p.indexes.BBRHPJB !== undefined)).toMatchObject({
      meterId: '021861348497',
      tempo: { today: 'blue', tomorrow: 'red' },
      indexes: { BBRHPJB: 23_739_545 },
    });
  });
});
