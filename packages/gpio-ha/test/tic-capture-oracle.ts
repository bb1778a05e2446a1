import { historicGroup, standardGroup } from './tic-frames';

export interface OracleGroup {
  label: string;
  /** As sent, untrimmed. */
  raw: string;
  horodate?: string;
}

/**
 * The groups of the last complete frame (STX ... ETX) of a capture, read the plain way: split at
 * LF, each group checked by rebuilding it with the test's own encoder (docs/hardware.md's formulas). It
 * trusts the frame to be clean; it is the reference the daemon's output is compared with.
 */
export function lastFrameGroups(capture: Buffer): OracleGroup[] {
  const text = capture.toString('latin1');
  const end = text.lastIndexOf('\x03');
  const start = text.lastIndexOf('\x02', end);
  if (start < 0 || end < 0) throw new Error('no complete frame in the capture');
  return text
    .slice(start + 1, end)
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.length > 0)
    .map((line) => {
      const group = line.charAt(line.length - 2) === '\t' ? standard(line) : historic(line);
      return group;
    });
}

function historic(line: string): OracleGroup {
  const label = line.slice(0, line.indexOf(' '));
  const raw = line.slice(label.length + 1, -2);
  if (historicGroup(label, raw) !== `\n${line}\r`) throw new Error(`bad historic group in the capture: ${JSON.stringify(line)}`);
  return { label, raw };
}

function standard(line: string): OracleGroup {
  const fields = line.slice(0, -2).split('\t');
  const [label = '', a = '', b] = fields;
  const group: OracleGroup = b === undefined ? { label, raw: a } : { label, raw: b, horodate: a };
  if (standardGroup(label, group.raw, group.horodate) !== `\n${line}\r`) throw new Error(`bad standard group in the capture: ${JSON.stringify(line)}`);
  return group;
}

/** Units of the labels (Enedis-NOI-CPT_02E tables for historic, _54E for standard); others have none. */
const UNITS: Array<[RegExp, string]> = [
  [/^(BASE|HCHC|HCHP|EJPHN|EJPHPM|BBRH[CP]J[BWR]|EAST|EASF\d\d|EASD\d\d|EAIT)$/, 'Wh'],
  [/^ERQ[1-4]$/, 'VArh'],
  [/^(ISOUSC|IINST[1-3]?|IMAX[1-3]?|ADPS|ADIR[1-3]|IRMS[1-3])$/, 'A'],
  [/^(URMS|UMOY)[1-3]$/, 'V'],
  [/^(PAPP|SINSTS[1-3]?|SINSTI|SMAXSN[1-3]?(-1)?|SMAXIN(-1)?)$/, 'VA'],
  [/^(PREF|PCOUP)$/, 'kVA'],
  [/^(PMAX|CCASN|CCAIN)(-1)?$/, 'W'],
  [/^PEJP$/, 'min'],
];

/** What `values[label]` must be: numbers for quantities, text trimmed (ids keep leading zeros). */
export function expectedValue(mode: 'historic' | 'standard', group: OracleGroup): { value: number | string; unit: string | null; horodate?: string } {
  const unit = UNITS.find(([pattern]) => pattern.test(group.label) && (mode === 'standard' || !/^(IRMS|URMS|UMOY)/.test(group.label)))?.[1] ?? null;
  const value = unit !== null && /^\d+$/.test(group.raw) ? Number(group.raw) : group.raw.trim();
  return group.horodate === undefined ? { value, unit } : { value, unit, horodate: group.horodate };
}
