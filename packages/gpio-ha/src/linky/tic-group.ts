import type { TicMode } from '@mapio/contracts';

/** Control characters of the TIC link (Enedis teleinformation). */
export const TIC = {
  STX: 0x02,
  ETX: 0x03,
  EOT: 0x04,
  HT: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  SP: 0x20,
} as const;

/** One verified data group: `label`, `value` (as sent) and, in standard mode, its horodate. */
export interface TicGroup {
  label: string;
  value: string;
  horodate?: string;
}

export type TicModeSetting = TicMode | 'auto';

export type GroupDecodeResult =
  | { ok: true; mode: TicMode; group: TicGroup }
  | { ok: false; reason: string };

/** The check character: ((sum of the bytes) & 0x3F) + 0x20. */
export function ticChecksum(summed: string): string {
  let sum = 0;
  for (let i = 0; i < summed.length; i++) sum += summed.charCodeAt(i);
  return String.fromCharCode((sum & 0x3f) + 0x20);
}

const LABEL = /^[A-Z0-9_+-]{1,16}$/;

/**
 * Decodes the text between LF and CR of one group (bytes already masked to 7 bits).
 * Historic: `label SP value SP chk`, the checksum covers `label SP value`.
 * Standard: `label HT [horodate HT] value HT chk`, the checksum covers everything before chk,
 * including the last HT. The separator before the check character tells the mode apart.
 */
export function decodeTicGroup(text: string, expected: TicModeSetting): GroupDecodeResult {
  if (text.length < 4) return { ok: false, reason: 'too short' };
  const check = text.charAt(text.length - 1);
  const separator = text.charCodeAt(text.length - 2);
  const mode: TicMode | null = separator === TIC.HT ? 'standard' : separator === TIC.SP ? 'historic' : null;
  if (mode === null) return { ok: false, reason: 'no separator before the checksum' };
  if (expected !== 'auto' && mode !== expected) return { ok: false, reason: `${mode} group in ${expected} mode` };
  const summed = mode === 'standard' ? text.slice(0, -1) : text.slice(0, -2);
  if (ticChecksum(summed) !== check) return { ok: false, reason: 'checksum mismatch' };

  const body = text.slice(0, -2);
  let label: string;
  let value: string;
  let horodate: string | undefined;
  if (mode === 'standard') {
    const fields = body.split('\t');
    if (fields.length === 2) [label = '', value = ''] = fields;
    else if (fields.length === 3) [label = '', horodate, value = ''] = fields;
    else return { ok: false, reason: `${fields.length} fields` };
  } else {
    const space = body.indexOf(' ');
    if (space < 0) return { ok: false, reason: 'no value' };
    label = body.slice(0, space);
    value = body.slice(space + 1);
  }
  if (!LABEL.test(label)) return { ok: false, reason: 'bad label' };
  return { ok: true, mode, group: horodate === undefined ? { label, value } : { label, value, horodate } };
}

/** Builds the text of a group with its checksum (the inverse of decodeTicGroup; for the simulator). */
export function encodeTicGroup(mode: TicMode, group: TicGroup): string {
  if (mode === 'historic') {
    const summed = `${group.label} ${group.value}`;
    return `${summed} ${ticChecksum(summed)}`;
  }
  const summed = `${group.label}\t${group.horodate === undefined ? '' : `${group.horodate}\t`}${group.value}\t`;
  return `${summed}${ticChecksum(summed)}`;
}

/** A whole frame on the wire: STX, each group between LF and CR, ETX. */
export function encodeTicFrame(mode: TicMode, groups: readonly TicGroup[]): Buffer {
  const body = groups.map((group) => `\n${encodeTicGroup(mode, group)}\r`).join('');
  return Buffer.from(`\x02${body}\x03`, 'latin1');
}
