import type { LinkyFrame } from '@mapio/contracts';
import { describeWithServices, type MqttRecorder } from '@mapio/testkit';
import { threePhaseLongFrame, threePhaseShortFrame } from './enedis-short-frames';
import { linkyRig } from './linky-under-test';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithServices(['mosquitto', 'socat'], 'Linky: a three-phase overload (historic short frames) over a pty', () => {
  const rig = linkyRig();
  const meter = async (frames: Buffer[]) => {
    for (const bytes of frames) {
      await rig.pty.send(bytes);
      await pause(50);
    }
  };

  it('leaves every entity in place and turns the overload sensor on, then off', async () => {
    const daemon = await rig.start({ MAPIO_TIC_MODE: 'historic' });
    await daemon.waitForLog((l) => l.msg === 'TIC port open');
    await meter([threePhaseLongFrame(1_181_243), threePhaseLongFrame(1_181_245)]);
    const before = await rig.linky((p) => p.indexes.BASE === 1_181_245);
    expect(before).toMatchObject({ overload: false, apparentPowerVA: 3680, tariffPeriod: 'TH..' });
    const node = await rig.node();
    const overloadConfig = await rig.recorder.waitFor(`homeassistant/binary_sensor/${node}/linky_overload/config`, () => true, 10_000);
    expect(JSON.parse(overloadConfig.payload)).toMatchObject({ device_class: 'problem', state_topic: 'mapio/gpio-ha/linky' });
    await rig.recorder.waitFor(`homeassistant/sensor/${node}/linky_index_base/config`, () => true, 10_000);
    const configsBefore = linkyConfigs(rig.recorder);

    const overloadAt = Date.now();
    await meter(Array.from({ length: 8 }, (_, i) => threePhaseShortFrame(i < 4 ? { 2: 31 } : { 2: 33, 3: 22 }, [6, i < 4 ? 31 : 33, i < 4 ? 9 : 22])));
    const during = await rig.linky((p) => p.overload && p.values.ADIR3 !== undefined, overloadAt);
    expect(during).toMatchObject({
      indexes: { BASE: 1_181_245 },
      apparentPowerVA: 3680,
      tariffPeriod: 'TH..',
      values: { ADIR2: { value: 33, unit: 'A' }, IINST2: { value: 33, unit: 'A' }, IMAX1: { value: 26, unit: 'A' }, PMAX: { value: 7990, unit: 'W' } },
    });

    const overAt = Date.now();
    await meter([threePhaseLongFrame(1_181_246, [6, 12, 9]), threePhaseLongFrame(1_181_247, [6, 12, 9])]);
    const after = await rig.linky((p) => p.indexes.BASE === 1_181_247, overAt);
    expect(after.overload).toBe(false);
    expect(Object.keys(after.values).filter((label) => label.startsWith('ADIR'))).toEqual([]);

    // Every state published meanwhile kept the index; no config was removed, none went missing.
    const published = rig.recorder.on('mapio/gpio-ha/linky').map((m) => JSON.parse(m.payload) as LinkyFrame);
    expect(published.filter((p) => p.at >= before.at).every((p) => p.indexes.BASE !== undefined && p.apparentPowerVA !== null)).toBe(true);
    expect(rig.recorder.messages.filter((m) => m.topic.includes('/linky_') && m.payload === '').map((m) => m.topic)).toEqual([]);
    expect(linkyConfigs(rig.recorder)).toEqual(configsBefore);
    expect(published.map((p) => p.overload)).toEqual(expect.arrayContaining([false, true]));
    expect(published.at(-1)?.overload).toBe(false);
  });
});

/** The linky entities with a config on the broker, by topic. */
function linkyConfigs(recorder: MqttRecorder): string[] {
  const latest = new Map<string, string>();
  for (const m of recorder.messages) if (m.topic.includes('/linky_') && m.topic.endsWith('/config')) latest.set(m.topic, m.payload);
  return [...latest].filter(([, payload]) => payload !== '').map(([topic]) => topic).sort();
}
