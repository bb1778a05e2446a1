/**
 * TIC frames for the tests, built here straight from docs/hardware.md's formulas (independently of the
 * daemon's own encoder, so a wrong checksum routine cannot agree with itself).
 */

const sumBytes = (text: string) => [...Buffer.from(text, 'latin1')].reduce((sum, byte) => sum + byte, 0);
const check = (summed: string) => String.fromCharCode((sumBytes(summed) & 0x3f) + 0x20);

/** Historic: LF label SP value SP chk CR, chk over `label SP value`. */
export function historicGroup(label: string, value: string): string {
  return `\n${label} ${value} ${check(`${label} ${value}`)}\r`;
}

/** Standard: LF label HT [horodate HT] value HT chk CR, chk over everything up to the last HT included. */
export function standardGroup(label: string, value: string, horodate?: string): string {
  const summed = `${label}\t${horodate === undefined ? '' : `${horodate}\t`}${value}\t`;
  return `\n${summed}${check(summed)}\r`;
}

export const frame = (...groups: string[]) => Buffer.from(`\x02${groups.join('')}\x03`, 'latin1');

/** A historic "heures creuses" single-phase meter. */
export function historicFrame(index: { HCHC: number; HCHP: number }, overrides: { PTEC?: string; PAPP?: string } = {}): Buffer {
  return frame(
    historicGroup('ADCO', '021728123456'),
    historicGroup('OPTARIF', 'HC..'),
    historicGroup('ISOUSC', '30'),
    historicGroup('HCHC', String(index.HCHC).padStart(9, '0')),
    historicGroup('HCHP', String(index.HCHP).padStart(9, '0')),
    historicGroup('PTEC', overrides.PTEC ?? 'HP..'),
    historicGroup('IINST', '005'),
    historicGroup('IMAX', '090'),
    historicGroup('PAPP', overrides.PAPP ?? '01250'),
    historicGroup('HHPHC', 'A'),
    historicGroup('MOTDETAT', '000000'),
  );
}

/** A standard-mode single-phase meter on a Tempo contract (values with spaces, horodates). */
export function standardFrame(east: number, overrides: { LTARF?: string; SINSTS?: string } = {}): Buffer {
  return frame(
    standardGroup('ADSC', '021728123456'),
    standardGroup('VTIC', '02'),
    standardGroup('DATE', '', 'H261126101500'),
    standardGroup('NGTF', '     TEMPO      '),
    standardGroup('LTARF', overrides.LTARF ?? '    HP  BLEU    '),
    standardGroup('EAST', String(east).padStart(9, '0')),
    standardGroup('EASF01', String(east - 1000).padStart(9, '0')),
    standardGroup('EASF02', '000001000'),
    standardGroup('IRMS1', '003'),
    standardGroup('URMS1', '232'),
    standardGroup('PREF', '09'),
    standardGroup('SINSTS', overrides.SINSTS ?? '00690'),
    standardGroup('SMAXSN', '03520', 'E261126063000'),
    standardGroup('MSG1', 'PAS DE          MESSAGE         '),
    standardGroup('NTARF', '02'),
  );
}
