import { execFileSync } from 'node:child_process';
import { describeWithServices, MosquittoBroker, MqttRecorder, PtyPair, type ChildDaemon } from '@mapio/testkit';
import { newBox, startGpioHa } from './gpio-ha-under-test';
import { historicFrame, historicGroup, frame, standardFrame } from './tic-frames';

interface LinkyPayload {
  mode: string;
  meterId: string | null;
  tariffPeriod: string | null;
  apparentPowerVA: number | null;
  indexes: Record<string, number>;
  values: Record<string, { value: number | string; unit: string | null; horodate?: string }>;
  quality: { goodFrames: number; badFrames: number; badGroups: number };
}

const lineSpeed = (device: string) => /speed (\d+) baud/.exec(execFileSync('stty', ['-F', device, '-a'], { encoding: 'utf8' }))?.[1];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithServices(['mosquitto', 'socat'], 'Linky TIC end to end over a pty pair', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let pty: PtyPair;
  let daemon: ChildDaemon | null = null;

  const start = async (env: NodeJS.ProcessEnv) => {
    daemon = await startGpioHa(broker.url, newBox(), { MAPIO_LINKY: 'on', MAPIO_TIC_DEVICE: pty.device, ...env });
    return daemon;
  };
  /** The next `mapio/gpio-ha/linky` (after `since`) that satisfies `accept`. */
  const linky = async (accept: (p: LinkyPayload) => boolean, since: number, timeoutMs = 20_000) =>
    JSON.parse((await recorder.waitFor('mapio/gpio-ha/linky', (p) => accept(JSON.parse(p)), timeoutMs, since)).payload) as LinkyPayload;
  /** Sends frames the way a meter does, one after the other. */
  const meter = async (frames: Buffer[], gapMs = 50) => {
    for (const bytes of frames) {
      await pty.send(bytes);
      await pause(gapMs);
    }
  };

  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/gpio-ha/linky', 'homeassistant/#']);
    pty = await PtyPair.open();
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    pty.close();
    await recorder.close();
    await broker.destroy();
  });

  it('reads historic frames at 1200 baud: the energy sensors appear with the right values', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'historic', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open' && l.baud === 1200);
    expect(lineSpeed(pty.device)).toBe('1200');
    await meter([1000, 1001, 1003].map((hchc) => historicFrame({ HCHC: hchc, HCHP: 52_000 })));
    const payload = await linky((p) => p.indexes.HCHC === 1003, 0);
    expect(payload).toMatchObject({
      mode: 'historic',
      meterId: '021728123456',
      tariffPeriod: 'HP..',
      apparentPowerVA: 1250,
      indexes: { HCHC: 1003, HCHP: 52_000 },
      values: { IINST: { value: 5, unit: 'A' }, PAPP: { value: 1250, unit: 'VA' } },
    });
    const config = await recorder.waitFor('homeassistant/sensor/' + nodeOf(recorder) + '/linky_index_hchc/config');
    expect(JSON.parse(config.payload)).toMatchObject({
      device_class: 'energy',
      state_class: 'total_increasing',
      unit_of_measurement: 'Wh',
      state_topic: 'mapio/gpio-ha/linky',
    });
  });

  it('changes nothing on corrupted frames: flipped bytes, a frame cut by EOT, a lower index', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'historic', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open');
    await meter([2000, 2001, 2002].map((hchc) => historicFrame({ HCHC: hchc, HCHP: 7000 })));
    const before = await linky((p) => p.indexes.HCHC === 2002, 0);

    const flipped = historicFrame({ HCHC: 9002, HCHP: 7000 });
    const hchcAt = flipped.indexOf('HCHC');
    flipped[hchcAt + 6] = (flipped[hchcAt + 6] ?? 0) ^ 0x01; // a digit of the index, checksum now wrong
    const cut = Buffer.concat([historicFrame({ HCHC: 9999, HCHP: 9999 }).subarray(0, 70), Buffer.from([0x04])]);
    const lower = historicFrame({ HCHC: 1500, HCHP: 7000 });
    const since = Date.now();
    await meter([flipped, cut, lower, flipped]);

    const after = await linky((p) => p.quality.badFrames >= before.quality.badFrames + 3, since, 5000);
    expect(after.indexes).toEqual({ HCHC: 2002, HCHP: 7000 });
    expect(after.values.HCHC).toEqual({ value: 2002, unit: 'Wh' });
    expect(tic.logLines().find((l) => l.msg === 'Linky index not published')).toMatchObject({ label: 'HCHC', value: '000001500', reason: 'decreasing' });
    // Every HCHC ever published: never above what the meter really counted, never a step back.
    const published = recorder.on('mapio/gpio-ha/linky').flatMap((m) => (JSON.parse(m.payload) as LinkyPayload).indexes.HCHC ?? []);
    expect(published.length).toBeGreaterThan(1);
    expect(published.every((wh, i) => wh <= 2002 && wh >= (published[i - 1] ?? 0))).toBe(true);
  });

  it('reads standard frames at 9600 baud, values with spaces and horodates', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'standard', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open' && l.baud === 9600);
    expect(lineSpeed(pty.device)).toBe('9600');
    await meter([standardFrame(800_000), standardFrame(800_004)]);
    const payload = await linky((p) => p.indexes.EAST === 800_004, 0);
    expect(payload).toMatchObject({
      mode: 'standard',
      tariffPeriod: 'HP  BLEU',
      apparentPowerVA: 690,
      indexes: { EAST: 800_004, EASF01: 799_004, EASF02: 1000 },
      values: {
        URMS1: { value: 232, unit: 'V' },
        NGTF: { value: 'TEMPO', unit: null },
        SMAXSN: { value: 3520, unit: 'VA', horodate: 'E261126063000' },
      },
    });
    const node = nodeOf(recorder);
    await recorder.waitFor(`homeassistant/sensor/${node}/linky_voltage_urms1/config`);
    await recorder.waitFor(`homeassistant/sensor/${node}/linky_index_east/config`);
  });

  it('finds the mode and the line speed by itself', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'auto', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open' && l.baud === 1200);
    await meter([standardFrame(5000), standardFrame(5001)]);
    await tic.waitForLog((l) => l.msg === 'TIC port open' && l.baud === 9600);
    expect(lineSpeed(pty.device)).toBe('9600');
    await meter([standardFrame(5002), standardFrame(5003)]);
    expect(await linky((p) => p.indexes.EAST === 5003, 0)).toMatchObject({ mode: 'standard' });
  });

  it('publishes at most once per period, but a tariff change at once', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'historic', MAPIO_LINKY_PUBLISH_MS: '60000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open');
    await meter(Array.from({ length: 8 }, (_, i) => historicFrame({ HCHC: 100 + i, HCHP: 1 })));
    // The tariff change goes out at once, after every frame before it was read: it closes the count.
    await meter([historicFrame({ HCHC: 110, HCHP: 1 }, { PTEC: 'HC..' })]);
    const changed = await linky((p) => p.tariffPeriod === 'HC..', 0);
    expect(changed.indexes.HCHC).toBe(110);
    // The first frame, then the second one where the indexes got confirmed (new entities), then the change.
    expect(recorder.on('mapio/gpio-ha/linky').map((m) => Object.keys(JSON.parse(m.payload).indexes))).toEqual([[], ['HCHC', 'HCHP'], ['HCHC', 'HCHP']]);
  });

  it('waits for a TIC port that is missing, without stopping the rest', async () => {
    const tic = await start({ MAPIO_TIC_DEVICE: '/nonexistent/ttyTIC' });
    const warning = await tic.waitForLog((l) => l.msg === 'TIC port unavailable: trying again');
    expect(String(warning.err)).toContain('/nonexistent/ttyTIC');
    await recorder.publish('mapio/gpio-ha/relay1/set', 'ON');
    await tic.waitForLog((l) => l.msg === 'relay switched');
    expect(tic.child.exitCode).toBeNull();
  });

  it('keeps running when the line carries garbage', async () => {
    const tic = await start({ MAPIO_TIC_MODE: 'auto', MAPIO_LINKY_PUBLISH_MS: '1000' });
    await tic.waitForLog((l) => l.msg === 'TIC port open');
    await pty.send(Buffer.from([...Array(2000).keys()].map((i) => (i * 37) % 256)));
    await meter([frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', '000123456'), historicGroup('PTEC', 'TH..'))]);
    await meter([frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', '000123457'), historicGroup('PTEC', 'TH..'))]);
    await linky((p) => p.indexes.BASE === 123457, 0);
    expect(tic.child.exitCode).toBeNull();
  });
});

/** The discovery node id of the daemon, read from the first config it published. */
function nodeOf(recorder: MqttRecorder): string {
  const config = recorder.messages.find((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config'));
  const node = config?.topic.split('/')[2];
  if (!node) throw new Error('no discovery config seen yet');
  return node;
}
