import { EnergyIndexGuard } from '../src/linky/energy-index-guard';
import { LinkyReadings } from '../src/linky/linky-readings';
import { TicFrameParser, type TicFrame } from '../src/linky/tic-frame-parser';
import { linkyEntities } from '../src/linky/linky-entities';
import { threePhaseLongFrame, threePhaseShortFrame } from './enedis-short-frames';
import { frame, historicFrame, historicGroup, standardFrame } from './tic-frames';

const AT = '2026-11-26T10:00:00.000Z';
const HOUR_MS = 3_600_000;
const newReadings = (labelExpiryMs = 24 * HOUR_MS) => new LinkyReadings({ labelExpiryMs });
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
    const readings = newReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes).toEqual({});
    feed(readings, historicFrame({ HCHC: 1001, HCHP: 5000 }), historicFrame({ HCHC: 1003, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes).toEqual({ HCHC: 1003, HCHP: 5000 });
    expect(readings.snapshot(AT)?.values.HCHC).toEqual({ value: 1003, unit: 'Wh' });
  });

  it('never go backwards: a lower index is rejected and the last accepted one stays', () => {
    const readings = newReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }), historicFrame({ HCHC: 1001, HCHP: 5000 }));
    const [outcome] = feed(readings, historicFrame({ HCHC: 999, HCHP: 5001 }));
    expect(outcome?.rejected).toEqual([{ label: 'HCHC', value: '000000999', reason: 'decreasing' }]);
    expect(readings.snapshot(AT)?.indexes).toEqual({ HCHC: 1001, HCHP: 5001 });
  });

  it('never jump: more than a home can consume since the last value is rejected (a corrupted group that passed its 6-bit check)', () => {
    const readings = newReadings();
    feed(readings, historicFrame({ HCHC: 1000, HCHP: 5000 }), historicFrame({ HCHC: 1001, HCHP: 5000 }));
    const [outcome] = feed(readings, historicFrame({ HCHC: 91001, HCHP: 5000 }));
    expect(outcome?.rejected).toEqual([{ label: 'HCHC', value: '000091001', reason: 'implausible jump' }]);
    feed(readings, historicFrame({ HCHC: 1010, HCHP: 5000 }));
    expect(readings.snapshot(AT)?.indexes.HCHC).toBe(1010);
  });

  it('are never taken from a non-numeric value', () => {
    const readings = newReadings();
    const base = (value: string) => frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', value), historicGroup('PTEC', 'TH..'));
    feed(readings, base('000001000'), base('000001000'));
    const [outcome] = feed(readings, base('0000O1001'));
    expect(outcome?.rejected).toEqual([{ label: 'BASE', value: '0000O1001', reason: 'not a number' }]);
    expect(readings.snapshot(AT)?.values.BASE).toEqual({ value: 1000, unit: 'Wh' });
  });

  it('start afresh with another meter', () => {
    const readings = newReadings();
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
    const readings = newReadings();
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
    const readings = newReadings();
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

  it('keeps a label a frame does not carry until it has been absent for the label expiry', () => {
    const readings = newReadings(HOUR_MS);
    const base = (...extra: string[]) => frame(historicGroup('ADCO', '021728123456'), historicGroup('BASE', '000001000'), ...extra);
    readings.frameReceived(decode(base(historicGroup('PAPP', '00500'))), 0);
    readings.frameReceived(decode(base(historicGroup('PAPP', '00510'))), 2000);
    readings.frameReceived({ ...decode(base()), badGroups: 1 }, 4000); // PAPP's group was corrupted
    readings.frameReceived(decode(base()), 6000); // clean, without PAPP
    expect(readings.snapshot(AT)?.values.PAPP).toEqual({ value: 510, unit: 'VA' });
    readings.frameReceived(decode(base()), 2000 + HOUR_MS);
    expect(readings.snapshot(AT)?.values.PAPP).toEqual({ value: 510, unit: 'VA' });
    const [outcome] = [readings.frameReceived(decode(base()), 2001 + HOUR_MS)];
    expect(outcome?.labelsChanged).toBe(true);
    expect(Object.keys(readings.snapshot(AT)?.values ?? {})).toEqual(['ADCO', 'BASE']);
    expect(readings.presentLabels().map((l) => l.label)).toEqual(['ADCO', 'BASE']);
    expect(readings.snapshot(AT)?.apparentPowerVA).toBeNull();
  });

  it('tells when the tariff period changes and when labels come', () => {
    const readings = newReadings();
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
    const readings = newReadings();
    feed(readings, historicFrame({ HCHC: 1, HCHP: 1 }));
    readings.frameReceived({ ...decode(historicFrame({ HCHC: 1, HCHP: 1 })), badGroups: 2 }, 20_000);
    readings.frameDiscarded(1);
    expect(readings.snapshot(AT)?.quality).toEqual({ goodFrames: 1, badFrames: 2, badGroups: 3 });
  });

  it('is nothing before the first frame', () => {
    expect(newReadings().snapshot(AT)).toBeNull();
  });
});

describe('a three-phase overload in historic mode (short frames, Enedis-NOI-CPT_02E)', () => {
  /** Long frames, a minute of short frames (phases 2 then 2 and 3 over), long frames again: 2 s apart. */
  function overload(readings: LinkyReadings) {
    const sequence = [
      threePhaseLongFrame(1_181_243),
      threePhaseLongFrame(1_181_245),
      ...Array.from({ length: 10 }, () => threePhaseShortFrame({ 2: 31 }, [5, 31, 9])),
      ...Array.from({ length: 20 }, () => threePhaseShortFrame({ 2: 33, 3: 22 }, [6, 33, 22])),
      threePhaseLongFrame(1_181_290, [6, 12, 9]),
      threePhaseLongFrame(1_181_291, [6, 12, 9]),
    ];
    return sequence.map((bytes, i) => {
      readings.frameReceived(decode(bytes), 10_000 + i * 2000);
      const snapshot = readings.snapshot(AT);
      if (!snapshot) throw new Error('no snapshot');
      return snapshot;
    });
  }

  it('keeps every index, the power, the tariff and every entity through the short frames', () => {
    const snapshots = overload(newReadings());
    const entityIds = snapshots.map((s) => linkyEntities(s, 60).map((e) => `${e.component}/${e.objectId}`).sort());
    // From the second long frame on (the index confirmed), the entities never change.
    for (const ids of entityIds.slice(1)) expect(ids).toEqual(entityIds[1]);
    expect(entityIds[1]).toEqual(expect.arrayContaining(['sensor/linky_index_base', 'sensor/linky_apparent_power', 'sensor/linky_tariff_period', 'binary_sensor/linky_overload']));
    for (const snapshot of snapshots.slice(2, 32)) {
      expect(snapshot).toMatchObject({ indexes: { BASE: 1_181_245 }, apparentPowerVA: 3680, tariffPeriod: 'TH..', overload: true });
    }
    expect(snapshots[20]?.values).toMatchObject({ IINST2: { value: 33, unit: 'A' }, ADIR2: { value: 33, unit: 'A' }, ADIR3: { value: 22, unit: 'A' } });
  });

  it('turns the overload on with the first short frame and off with the first long frame without ADIRn', () => {
    const snapshots = overload(newReadings());
    expect(snapshots.map((s) => s.overload)).toEqual([false, false, ...Array<boolean>(30).fill(true), false, false]);
    // ADIR3 comes with the second phase over the limit; every ADIRn goes with the long frame.
    expect(snapshots[5]?.values.ADIR3).toBeUndefined();
    expect(Object.keys(snapshots[32]?.values ?? {}).filter((label) => label.startsWith('ADIR'))).toEqual([]);
    expect(snapshots[33]).toMatchObject({ indexes: { BASE: 1_181_291 }, values: { IINST2: { value: 12, unit: 'A' } } });
  });

  it('keeps the overload on across a frame with a bad group (the missing ADIRn may be that group)', () => {
    const readings = newReadings();
    readings.frameReceived(decode(threePhaseLongFrame(100)), 0);
    readings.frameReceived(decode(threePhaseShortFrame({ 1: 25 }, [25, 3, 3])), 2000);
    readings.frameReceived({ ...decode(threePhaseShortFrame({}, [25, 3, 3])), badGroups: 1 }, 4000);
    expect(readings.snapshot(AT)?.overload).toBe(true);
    readings.frameReceived(decode(threePhaseLongFrame(101)), 6000);
    expect(readings.snapshot(AT)?.overload).toBe(false);
  });
});

describe('contract flags', () => {
  it('historic Tempo: today from PTEC, tomorrow from DEMAIN', () => {
    const readings = newReadings();
    const tempo = (ptec: string, demain: string) =>
      frame(historicGroup('ADCO', '021861348497'), historicGroup('OPTARIF', 'BBR('), historicGroup('PTEC', ptec), historicGroup('DEMAIN', demain));
    readings.frameReceived(decode(tempo('HCJB', '----')), 0);
    expect(readings.snapshot(AT)?.tempo).toEqual({ today: 'blue', tomorrow: 'unannounced' });
    readings.frameReceived(decode(tempo('HPJW', 'ROUG')), 2000);
    expect(readings.snapshot(AT)?.tempo).toEqual({ today: 'white', tomorrow: 'red' });
  });

  it('historic EJP: the notice is on while PEJP is sent; other contracts have no tempo, no EJP', () => {
    const readings = newReadings();
    const ejp = (...extra: string[]) => frame(historicGroup('ADCO', '021861348497'), historicGroup('OPTARIF', 'EJP.'), historicGroup('PTEC', 'HN..'), ...extra);
    readings.frameReceived(decode(ejp()), 0);
    expect(readings.snapshot(AT)).toMatchObject({ ejpNotice: false, tempo: null });
    readings.frameReceived(decode(ejp(historicGroup('PEJP', '30'))), 2000);
    expect(readings.snapshot(AT)?.ejpNotice).toBe(true);
    readings.frameReceived(decode(ejp()), 4000);
    expect(readings.snapshot(AT)?.ejpNotice).toBe(false);
    const base = newReadings();
    base.frameReceived(decode(historicFrame({ HCHC: 1, HCHP: 2 })), 0);
    expect(base.snapshot(AT)).toMatchObject({ ejpNotice: null, tempo: null, status: null, overload: false });
  });

  it('historic single-phase: ADPS is the overload, for as long as it is sent', () => {
    const readings = newReadings();
    const single = (...extra: string[]) => frame(historicGroup('ADCO', '021728123456'), historicGroup('IINST', '032'), ...extra);
    readings.frameReceived(decode(single(historicGroup('ADPS', '032'))), 0);
    expect(readings.snapshot(AT)).toMatchObject({ overload: true, values: { ADPS: { value: 32, unit: 'A' } } });
    readings.frameReceived(decode(single()), 2000);
    expect(readings.snapshot(AT)?.overload).toBe(false);
    expect(readings.snapshot(AT)?.values.ADPS).toBeUndefined();
  });
});
