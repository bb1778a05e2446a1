import { lineSpeed } from '../src/linky/line-speed';
import { decodeStatusWord, tempoOfDemain, tempoTodayOfPeriod } from '../src/linky/linky-status';
import { publishSlot } from '../src/linky/publish-slot';

describe('STGE, the status word of standard mode (Enedis-NOI-CPT_54E)', () => {
  it.each([
    // Real captures: a consumer (BASE), a producer, a three-phase Tempo producer, the teleinfo2mqtt producer.
    ['003A0000', { dryContactOpen: false, cutOff: 'closed', overVoltage: false, overload: false, producing: false }, 'unannounced', 'unannounced'],
    ['002A0301', { dryContactOpen: true, cutOff: 'closed', overVoltage: false, overload: false, producing: true }, 'unannounced', 'unannounced'],
    ['013A0501', { dryContactOpen: true, cutOff: 'closed', overVoltage: false, overload: false, producing: true }, 'blue', 'unannounced'],
    ['003AC701', { dryContactOpen: true, cutOff: 'closed', overVoltage: false, overload: false, producing: true }, 'unannounced', 'unannounced'],
    // Bit by bit: cut-off open on overload (bits 1-3 = 1), over-voltage (bit 6), overload (bit 7).
    ['00000002', { dryContactOpen: false, cutOff: 'open_overload', overVoltage: false, overload: false, producing: false }, 'unannounced', 'unannounced'],
    ['0000000A', { dryContactOpen: false, cutOff: 'open_overheat_overcurrent', overVoltage: false, overload: false, producing: false }, 'unannounced', 'unannounced'],
    ['0000000C', { dryContactOpen: false, cutOff: 'open_overheat', overVoltage: false, overload: false, producing: false }, 'unannounced', 'unannounced'],
    ['0000000E', { dryContactOpen: false, cutOff: 'unknown', overVoltage: false, overload: false, producing: false }, 'unannounced', 'unannounced'],
    ['000000C0', { dryContactOpen: false, cutOff: 'closed', overVoltage: true, overload: true, producing: false }, 'unannounced', 'unannounced'],
    // Tempo: today bits 24-25, tomorrow bits 26-27 (0 none, 1 blue, 2 white, 3 red).
    ['0E000000', { dryContactOpen: false, cutOff: 'closed', overVoltage: false, overload: false, producing: false }, 'white', 'red'],
    ['07000000', { dryContactOpen: false, cutOff: 'closed', overVoltage: false, overload: false, producing: false }, 'red', 'blue'],
  ] as const)('%s', (word, status, tempoToday, tempoTomorrow) => {
    expect(decodeStatusWord(word)).toEqual({ status, tempoToday, tempoTomorrow });
  });

  it.each(['', '003A000', '003A00000', '003A000G', ' 03A0000'])('refuses %j', (word) => {
    expect(decodeStatusWord(word)).toBeNull();
  });
});

describe('historic Tempo colours', () => {
  it.each([
    ['HCJB', 'blue'],
    ['HPJW', 'white'],
    ['HPJR', 'red'],
    ['HP..', null],
    ['TH..', null],
  ] as const)('PTEC %s -> today %s', (ptec, colour) => expect(tempoTodayOfPeriod(ptec)).toBe(colour));

  it.each([
    ['----', 'unannounced'],
    ['BLEU', 'blue'],
    ['BLAN', 'white'],
    ['ROUG', 'red'],
    ['VERT', null],
  ] as const)('DEMAIN %s -> tomorrow %s', (demain, colour) => expect(tempoOfDemain(demain)).toBe(colour));
});

describe('line speed of the TIC port', () => {
  it.each([
    ['auto', 1200],
    ['historic', 1200],
    ['standard', 9600],
  ] as const)('starts in %s mode at %d baud', (setting, baud) => expect(lineSpeed.initial(setting)).toBe(baud));

  it.each([
    ['auto', 1200, 'historic', null],
    ['auto', 1200, 'standard', 9600],
    ['auto', 9600, 'historic', 1200],
    ['auto', 9600, 'standard', null],
    ['historic', 1200, 'standard', null],
    ['standard', 9600, 'historic', null],
  ] as const)('setting %s at %d, a %s frame heard -> %s', (setting, baud, heard, next) => {
    expect(lineSpeed.afterFrame(setting, baud, heard)).toBe(next);
  });

  it.each([
    ['auto', 1200, false, 9600],
    ['auto', 9600, false, 1200],
    ['auto', 1200, true, null],
    ['historic', 1200, false, null],
    ['standard', 9600, false, null],
  ] as const)('setting %s at %d, frames heard %s, silence -> %s', (setting, baud, heard, next) => {
    expect(lineSpeed.afterSilence(setting, baud, heard)).toBe(next);
  });
});

describe('publishing slots of mapio/gpio-ha/linky', () => {
  it.each([
    [null, 0, false, { now: true }],
    [1000, 5000, false, { inMs: 6000 }],
    [1000, 5000, true, { now: true }],
    [1000, 11_000, false, { now: true }],
    [1000, 12_000, false, { now: true }],
  ] as const)('last %s, now %d, urgent %s -> %j (period 10 s)', (last, now, urgent, slot) => {
    expect(publishSlot(last, now, 10_000, urgent)).toEqual(slot);
  });
});
