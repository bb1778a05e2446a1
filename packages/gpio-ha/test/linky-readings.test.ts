import { EnergyIndexGuard } from '../src/linky/energy-index-guard';
import { LinkyReadings } from '../src/linky/linky-readings';
import { TicFrameParser, type TicFrame } from '../src/linky/tic-frame-parser';
import { frame, historicFrame, historicGroup, standardFrame } from './tic-frames';

const AT = '2026-11-26T10:00:00.000Z';
const decode = (bytes: Buffer): TicFrame => {
  const event = new TicFrameParser('auto').push(bytes)[0];
  if (event?.type !== 'frame') throw new Error(`no frame in ${JSON.stringify(bytes.toString('latin1'))}`);
  return event.frame;
};

/** Feeds frames two seconds apart, as a meter does. */
function feed(readings: LinkyReadings, ...frames: Buffer[]) {
  return frames.map((bytes, i) => readings.frameReceived(decode(bytes), 10_000 + i * 2000));
}

describe('energy indexes', () => {
  it('are published once a second frame confirms the first, then follow the meter', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes).toEqual({});
    feed(readings, historicFrame({ HCHC: 1001, HCHP: 5000 }), historicFrame({ HCHC: 1003, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes).toEqual({ HCHC: 1003, HCHP: 5000 });
    expect(readings.snapshot(AT)?.values.HCHC).toEqual({ value: 1003, unit: 'Wh' });
  });

  it('never go backwards: a lower index is rejected and the last accepted one stays', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }), historicFrame({ HCHC: 1001, HCHP: 5000 }));
    const [outcome] = feed(readings, historicFrame({ HCHC: 999, HCHP: 5001 }));
    expect(outcome?.rejected).toEqual([{ label: 'HCHC', value: '000000999', reason: 'decreasing' }]);
    expect(readings.snapshot(AT)?.indexes).toEqual({ HCHC: 1001, HCHP: 5001 });
  });

  it('never jump: more than a home can consume since the last value is rejected (a corrupted group that passed its 6-bit check)', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }), historicFrame({ HCHC: 1001, HCHP: 5000 }));
    const [outcome] = feed(readings, historicFrame({ HCHC: 91001, HCHP: 5000 }));
    expect(outcome?.rejected).toEqual([{ label: 'HCHC', value: '000091001', reason: 'implausible jump' }]);
    feed(readings, historicFrame({ HCHC: 1010, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes.HCHC).toBe(1010);
  });

  it('are never taken from a non-numeric value', () => {
    const readings = new LinkyReadings();
    const base = (value: string) => frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', value), historicGroup('PTEC', 'TH..'));
    feed(readings, base('000001000'), base('000001000'));
    const [outcome] = feed(readings, base('0000O1001'));
    expect(outcome?.rejected).toEqual([{ label: 'BASE', value: '0000O1001', reason: 'not a number' }]);
    expect(readings.snapshot(AT)?.values.BASE).toEqual({ value: 1000, unit: 'Wh' });
  });

  it('start afresh with another meter', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 900_000, HCHP: 5000 }), historicFrame({ HCHC: 900_001, HCHP: 5000 }));
    const replaced = (hchc: number) =>
      frame(historicGroup('ADCO', '021728999999'), historicGroup('HCHC', String(hchc).padStart(9, '0')), historicGroup('PTEC', 'HC..'));
    const [outcome] = feed(readings, replaced(10), replaced(11));
    expect(outcome?.meterChanged).toBe(true);
    expect(readings.snapshot(AT)).toMatchObject({ meterId: '021728999999', indexes: { HCHC: 11 } });
  });

  it('allow what the meter can really count over a longer silence', () => {
    const guard = new EnergyIndexGuard({ maxPowerW: 60_000, slackWh: 10 });
    expect(guard.check('1000', 0)).toMatchObject({ accepted: false, reason: 'awaiting confirmation' });
    expect(guard.check('1000', 1000)).toEqual({ accepted: true, wh: 1000 });
    // An hour later, 12 kWh more is plausible (12 kW average); 70 kWh is not.
    expect(guard.check('71000', 3_601_000)).toMatchObject({ accepted: false, reason: 'implausible jump' });
    expect(guard.check('13000', 3_601_000)).toEqual({ accepted: true, wh: 13000 });
  });
});

describe('the decoded frame', () => {
  it('carries meter id, mode, tariff period, apparent power and values with units (historic)', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }), historicFrame({ HCHC: 1000, HCHP: 5001 }));
    expect(readings.snapshot(AT)).toMatchObject({
      meterId: '021728123456',
      mode: 'historic',
      at: AT,
      tariffPeriod: 'HP..',
      apparentPowerVA: 1250,
      values: {
        IINST: { value: 5, unit: 'A' },
        PAPP: { value: 1250, unit: 'VA' },
        OPTARIF: { value: 'HC..', unit: null },
        ADCO: { value: '021728123456', unit: null },
        PTEC: { value: 'HP..', unit: null },
      },
      quality: { goodFrames: 2, badFrames: 0, badGroups: 0 },
    });
  });

  it('keeps standard-mode values with spaces (trimmed) and horodates', () => {
    const readings = new LinkyReadings();
    feed(readings, standardFrame(5000), standardFrame(5002));
    const snapshot = readings.snapshot(AT);
    expect(snapshot).toMatchObject({ mode: 'standard', tariffPeriod: 'HP  BLEU', apparentPowerVA: 690 });
    expect(snapshot?.values).toMatchObject({
      URMS1: { value: 232, unit: 'V' },
      IRMS1: { value: 3, unit: 'A' },
      SMAXSN: { value: 3520, unit: 'VA', horodate: 'E261126063000' },
      MSG1: { value: 'PAS DE          MESSAGE', unit: null },
    });
    expect(snapshot?.indexes).toEqual({ EAST: 5002, EASF01: 4002, EASF02: 1000 });
  });

  it('keeps a label whose group failed its check, and forgets one a clean frame no longer carries', () => {
    const readings = new LinkyReadings();
    const base = (...extra: string[]) => frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', '000001000'), ...extra);
    feed(readings, base(historicGroup('PAPP', '00500')), base(historicGroup('PAPP', '00510')));
    readings.frameReceived({ ...decode(base()), badGroups: 1 }, 20_000); // PAPP's group was corrupted
    expect(readings.snapshot(AT)?.values.PAPP).toEqual({ value: 510, unit: 'VA' });
    readings.frameReceived(decode(base(historicGroup('XYZT', 'junk'))), 22_000); // clean, without PAPP
    readings.frameReceived(decode(base()), 24_000);
    expect(Object.keys(readings.snapshot(AT)?.values ?? {})).toEqual(['ADCO', 'BASE']);
    expect(readings.presentLabels().map((l) => l.label)).toEqual(['ADCO', 'BASE']);
  });

  it('tells when the tariff period changes and when labels come', () => {
    const readings = new LinkyReadings();
    const outcomes = feed(
      readings,
      historicFrame({ HCHC: 1, HCHP: 1 }),
      historicFrame({ HCHC: 1, HCHP: 1 }),
      historicFrame({ HCHC: 1, HCHP: 1 }, { PTEC: 'HC..' }),
    );
    expect(outcomes.map((o) => o.tariffChanged)).toEqual([false, false, true]);
    // The second frame confirms the indexes: two labels (two entities) appear.
    expect(outcomes.map((o) => o.labelsChanged)).toEqual([true, true, false]);
  });

  it('counts good frames, bad frames and bad groups', () => {
    const readings = new LinkyReadings();
    feed(readings, historicFrame({ HCHC: 1, HCHP: 1 }));
    readings.frameReceived({ ...decode(historicFrame({ HCHC: 1, HCHP: 1 })), badGroups: 2 }, 20_000);
    readings.frameDiscarded(1);
    expect(readings.snapshot(AT)?.quality).toEqual({ goodFrames: 1, badFrames: 2, badGroups: 3 });
  });

  it('is nothing before the first frame', () => {
    expect(new LinkyReadings().snapshot(AT)).toBeNull();
  });
});
