import type { TicMode } from '@mapio/contracts';

/** What a TIC label carries, as far as MAPIO uses it (Enedis-NOI-CPT_54E / _02E). */
export type TicLabelKind =
  | 'meter-id'
  | 'tariff-period'
  | 'energy-index'
  | 'apparent-power'
  | 'current'
  | 'voltage'
  | 'other';

export interface TicLabelInfo {
  kind: TicLabelKind;
  unit: string | null;
  /** Plain-language name shown in Home Assistant. */
  title: string;
}

interface LabelRule {
  match: RegExp;
  info: (label: string, match: RegExpExecArray) => TicLabelInfo;
}

const energy = (title: string): TicLabelInfo => ({ kind: 'energy-index', unit: 'Wh', title });
const phase = (n: string | undefined) => (n ? ` phase ${n}` : '');

const HISTORIC_INDEXES: Record<string, string> = {
  BASE: 'base index',
  HCHC: 'off-peak index',
  HCHP: 'peak index',
  EJPHN: 'EJP normal index',
  EJPHPM: 'EJP peak index',
  BBRHCJB: 'Tempo blue off-peak index',
  BBRHPJB: 'Tempo blue peak index',
  BBRHCJW: 'Tempo white off-peak index',
  BBRHPJW: 'Tempo white peak index',
  BBRHCJR: 'Tempo red off-peak index',
  BBRHPJR: 'Tempo red peak index',
};

const HISTORIC: LabelRule[] = [
  { match: /^ADCO$/, info: () => ({ kind: 'meter-id', unit: null, title: 'meter address' }) },
  { match: /^PTEC$/, info: () => ({ kind: 'tariff-period', unit: null, title: 'tariff period' }) },
  { match: /^PAPP$/, info: () => ({ kind: 'apparent-power', unit: 'VA', title: 'apparent power' }) },
  { match: /^IINST([1-3])?$/, info: (_l, m) => ({ kind: 'current', unit: 'A', title: `current${phase(m[1])}` }) },
  { match: /^(ISOUSC|IMAX[1-3]?|ADPS|ADIR[1-3])$/, info: (l) => ({ kind: 'other', unit: 'A', title: l }) },
  { match: /^PMAX$/, info: () => ({ kind: 'other', unit: 'W', title: 'maximum power' }) },
  {
    match: new RegExp(`^(${Object.keys(HISTORIC_INDEXES).join('|')})$`),
    info: (label) => energy(`${HISTORIC_INDEXES[label] ?? 'index'} (${label})`),
  },
];

const STANDARD: LabelRule[] = [
  { match: /^ADSC$/, info: () => ({ kind: 'meter-id', unit: null, title: 'meter address' }) },
  { match: /^LTARF$/, info: () => ({ kind: 'tariff-period', unit: null, title: 'tariff period' }) },
  { match: /^SINSTS$/, info: () => ({ kind: 'apparent-power', unit: 'VA', title: 'apparent power' }) },
  { match: /^(SINSTS[1-3]|SINSTI|SMAXSN[1-3]?(-1)?|SMAXIN(-1)?)$/, info: (l) => ({ kind: 'other', unit: 'VA', title: l }) },
  { match: /^IRMS([1-3])$/, info: (_l, m) => ({ kind: 'current', unit: 'A', title: `current${phase(m[1])}` }) },
  { match: /^URMS([1-3])$/, info: (_l, m) => ({ kind: 'voltage', unit: 'V', title: `voltage${phase(m[1])}` }) },
  { match: /^UMOY[1-3]$/, info: (l) => ({ kind: 'other', unit: 'V', title: l }) },
  { match: /^(PREF|PCOUP)$/, info: (l) => ({ kind: 'other', unit: 'kVA', title: l }) },
  { match: /^(CCASN|CCAIN)(-1)?$/, info: (l) => ({ kind: 'other', unit: 'W', title: l }) },
  { match: /^ERQ[1-4]$/, info: (l) => ({ kind: 'other', unit: 'VArh', title: l }) },
  { match: /^EAST$/, info: () => energy('total consumption index (EAST)') },
  { match: /^EAIT$/, info: () => energy('total injection index (EAIT)') },
  { match: /^EASF(0[1-9]|10)$/, info: (l, m) => energy(`supplier index ${Number(m[1])} (${l})`) },
  { match: /^EASD0([1-4])$/, info: (l, m) => energy(`distributor index ${m[1]} (${l})`) },
];

const OTHER = (label: string): TicLabelInfo => ({ kind: 'other', unit: null, title: label });

export function ticLabelInfo(mode: TicMode, label: string): TicLabelInfo {
  for (const rule of mode === 'historic' ? HISTORIC : STANDARD) {
    const match = rule.match.exec(label);
    if (match) return rule.info(label, match);
  }
  return OTHER(label);
}
