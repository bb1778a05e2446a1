import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LinkyFrame } from '@mapio/contracts';
import { describeWithServices } from '@mapio/testkit';
import { linkyRig } from './linky-under-test';
import { expectedValue, lastFrameGroups } from './tic-capture-oracle';

interface Capture {
  file: string;
  mode: 'historic' | 'standard';
  /** Complete frames in the file, and whether it ends in the middle of one. */
  frames: number;
  trailingPartial: boolean;
  /** What the last frame says, read by hand from the capture (SOURCES.md). */
  expected: Pick<LinkyFrame, 'meterId' | 'tariffPeriod' | 'apparentPowerVA' | 'indexes' | 'overload' | 'tempo' | 'ejpNotice' | 'status'> & {
    quality?: Partial<LinkyFrame['quality']>;
  };
}

const zeros = (...labels: string[]) => Object.fromEntries(labels.map((label) => [label, 0]));
const EASF_03_10 = zeros('EASF03', 'EASF04', 'EASF05', 'EASF06', 'EASF07', 'EASF08', 'EASF09', 'EASF10');
const consumer = { dryContactOpen: false, cutOff: 'closed', overVoltage: false, overload: false, producing: false } as const;
const producer = { ...consumer, dryContactOpen: true, producing: true } as const;
const historicFlags = { overload: false, tempo: null, ejpNotice: null, status: null };

const CAPTURES: Capture[] = [
  {
    file: 'h-tempo-pyteleinfo.bin',
    mode: 'historic',
    frames: 10,
    trailingPartial: false,
    expected: {
      meterId: '021861348497',
      tariffPeriod: 'HCJB',
      apparentPowerVA: 2850,
      indexes: { BBRHCJB: 18_328_876, BBRHPJB: 23_739_545, BBRHCJW: 1_466_099, BBRHPJW: 2_132_883, BBRHCJR: 860_118, BBRHPJR: 844_115 },
      ...historicFlags,
      tempo: { today: 'blue', tomorrow: 'red' },
    },
  },
  {
    file: 'h-hchp-hallard.bin',
    mode: 'historic',
    frames: 1,
    trailingPartial: false,
    expected: { meterId: '021528603314', tariffPeriod: 'HP..', apparentPowerVA: 190, indexes: { HCHC: 723_392, HCHP: 1_742_220 }, ...historicFlags },
  },
  {
    file: 'h-base-linkytic.bin',
    mode: 'historic',
    frames: 1,
    trailingPartial: false,
    expected: { meterId: '012345678910', tariffPeriod: null, apparentPowerVA: 2390, indexes: { BASE: 123_456_789 }, ...historicFlags },
  },
  {
    file: 'h-ejp-3ph-openhab.bin',
    mode: 'historic',
    frames: 1,
    trailingPartial: true,
    expected: {
      meterId: 'XXXXXXXXXX',
      tariffPeriod: 'HN..',
      apparentPowerVA: 5800,
      indexes: { EJPHN: 1_111_111, EJPHPM: 2_222_222 },
      ...historicFlags,
      ejpNotice: false,
    },
  },
  {
    file: 'h-base-3ph-openhab.bin',
    mode: 'historic',
    frames: 1,
    trailingPartial: true,
    expected: { meterId: 'XXXXXXXXXXXX', tariffPeriod: 'TH..', apparentPowerVA: 540, indexes: { BASE: 1_181_243 }, ...historicFlags },
  },
  {
    file: 's-prod-hchp-teleinfo2mqtt.bin',
    mode: 'standard',
    frames: 9,
    trailingPartial: true,
    expected: {
      meterId: '031764953443',
      tariffPeriod: 'HEURE  PLEINE',
      apparentPowerVA: 0,
      indexes: {
        EAST: 80_490_250,
        EASF01: 41_733_418,
        EASF02: 38_756_832,
        ...EASF_03_10,
        EASD01: 38_108_370,
        EASD02: 36_224_554,
        EASD03: 3_625_048,
        EASD04: 2_532_278,
        EAIT: 3_626_876,
      },
      overload: false,
      tempo: null,
      ejpNotice: null,
      status: producer,
      // Per copy: 6 clean frames, 3 with noise (4 groups lost); the EOT ends the trailing partial frame.
      quality: { goodFrames: 12, badFrames: 7 },
    },
  },
  {
    file: 's-base-linkytic.bin',
    mode: 'standard',
    frames: 1,
    trailingPartial: false,
    expected: {
      meterId: '012345678910',
      tariffPeriod: 'BASE',
      apparentPowerVA: 263,
      indexes: { EAST: 3_519_702, EASF01: 3_519_702, EASF02: 0, ...EASF_03_10, EASD01: 3_519_702, ...zeros('EASD02', 'EASD03', 'EASD04') },
      overload: false,
      tempo: null,
      ejpNotice: null,
      status: consumer,
    },
  },
  {
    file: 's-tempo-3ph-prod-openhab.bin',
    mode: 'standard',
    frames: 2,
    trailingPartial: true,
    expected: {
      meterId: '123456789012',
      tariffPeriod: 'HP  BLEU',
      apparentPowerVA: 18,
      indexes: {
        EAST: 11_604_109,
        EASF01: 2_741_488,
        EASF02: 5_905_500,
        EASF03: 624_053,
        EASF04: 1_070_566,
        EASF05: 524_151,
        EASF06: 738_351,
        ...zeros('EASF07', 'EASF08', 'EASF09', 'EASF10', 'EASD02', 'EASD03', 'EASD04'),
        EASD01: 11_604_109,
        EAIT: 671_631,
      },
      overload: false,
      tempo: { today: 'blue', tomorrow: 'unannounced' },
      ejpNotice: null,
      status: producer,
    },
  },
  {
    file: 's-producer-openhab.bin',
    mode: 'standard',
    frames: 1,
    trailingPartial: true,
    expected: {
      meterId: '123456789012',
      tariffPeriod: 'INDEX NON CONSO',
      apparentPowerVA: 0,
      indexes: { EAST: 0, EASF01: 0, EASF02: 0, ...EASF_03_10, ...zeros('EASD01', 'EASD02', 'EASD03', 'EASD04'), EAIT: 32_781 },
      overload: false,
      tempo: null,
      ejpNotice: null,
      status: producer,
    },
  },
];

const EOT = Buffer.from([0x04]);

describeWithServices(['mosquitto', 'socat'], 'Linky: every real meter capture through a pty into the daemon', () => {
  const rig = linkyRig();

  it('covers every capture of the fixtures', () => {
    const listed = readFileSync(path.join(__dirname, 'fixtures', 'tic-real', 'SOURCES.md'), 'utf8').match(/^\| [hs]-[a-z0-9-]+\.bin/gm) ?? [];
    expect(listed.map((row) => row.slice(2)).sort()).toEqual(CAPTURES.map((c) => c.file).sort());
  });

  it.each(CAPTURES.map((capture) => [capture.file, capture] as const))('%s: every value of the last frame on MQTT, every entity in place', async (file, capture) => {
    const bytes = readFileSync(path.join(__dirname, 'fixtures', 'tic-real', file));
    const daemon = await rig.start({ MAPIO_TIC_MODE: capture.mode });
    await daemon.waitForLog((l) => l.msg === 'TIC port open');
    // Played twice, so that the indexes of one-frame captures are confirmed. An EOT in between ends a
    // trailing partial frame (one discarded frame) instead of gluing it to the next copy's start.
    await rig.pty.send(bytes, EOT, bytes);
    const total = 2 * capture.frames + (capture.trailingPartial ? 1 : 0);
    const payload = await rig.linky(({ quality }) => quality.goodFrames + quality.badFrames === total);
    expect(payload).toMatchObject({ mode: capture.mode, ...capture.expected });
    expect(payload.indexes).toEqual(capture.expected.indexes);
    const groups = lastFrameGroups(bytes);
    expect(groups.length).toBeGreaterThan(5);
    for (const group of groups) {
      expect({ label: group.label, decoded: payload.values[group.label] }).toEqual({ label: group.label, decoded: expectedValue(capture.mode, group) });
    }

    // The entities: an energy sensor per index, the overload sensor; none was ever removed.
    const node = await rig.node();
    for (const label of Object.keys(capture.expected.indexes)) {
      await rig.recorder.waitFor(`homeassistant/sensor/${node}/linky_index_${label.toLowerCase()}/config`, () => true, 10_000);
    }
    await rig.recorder.waitFor(`homeassistant/binary_sensor/${node}/linky_overload/config`, () => true, 10_000);
    const removed = rig.recorder.messages.filter((m) => m.topic.includes('/linky_') && m.topic.endsWith('/config') && m.payload === '');
    expect(removed.map((m) => m.topic)).toEqual([]);
  });
});
