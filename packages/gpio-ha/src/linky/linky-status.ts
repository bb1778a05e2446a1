import { LinkyCutOff, type LinkyStatusWord, type TempoColour } from '@mapio/contracts';

/** STGE bits 1-3 (Enedis-NOI-CPT_54E, "registre de statuts"), in the order of LinkyCutOff; 7 is not assigned. */
const CUT_OFF: readonly LinkyCutOff[] = LinkyCutOff.options;

/** Two-bit Tempo colour codes of STGE (bits 24-25 today, 26-27 tomorrow). */
const STGE_COLOURS: readonly TempoColour[] = ['unannounced', 'blue', 'white', 'red'];

export interface DecodedStatusWord {
  status: LinkyStatusWord;
  tempoToday: TempoColour;
  tempoTomorrow: TempoColour;
}

/** STGE: 8 hex digits, a 32-bit register. Null for anything else (it is not trusted half-read). */
export function decodeStatusWord(text: string): DecodedStatusWord | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(text)) return null;
  const word = Number.parseInt(text, 16);
  const bit = (n: number) => ((word >>> n) & 1) === 1;
  const bits = (from: number, count: number) => (word >>> from) & ((1 << count) - 1);
  return {
    status: {
      dryContactOpen: bit(0),
      cutOff: CUT_OFF[bits(1, 3)] ?? 'unknown',
      overVoltage: bit(6),
      overload: bit(7),
      producing: bit(8),
    },
    tempoToday: STGE_COLOURS[bits(24, 2)] ?? 'unannounced',
    tempoTomorrow: STGE_COLOURS[bits(26, 2)] ?? 'unannounced',
  };
}

/** Historic Tempo: today's colour is the last letter of PTEC's period (HPJB, HCJW, HPJR...). */
export function tempoTodayOfPeriod(ptec: string): TempoColour | null {
  const match = /^H[CP]J([BWR])$/.exec(ptec.trim());
  if (!match) return null;
  return match[1] === 'B' ? 'blue' : match[1] === 'W' ? 'white' : 'red';
}

/** Historic Tempo: DEMAIN is `----` until tomorrow is announced, then BLEU, BLAN or ROUG. */
export function tempoOfDemain(demain: string): TempoColour | null {
  const colours: Record<string, TempoColour> = { '----': 'unannounced', BLEU: 'blue', BLAN: 'white', ROUG: 'red' };
  return colours[demain.trim()] ?? null;
}
