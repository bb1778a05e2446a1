import type { TicMode } from '@mapio/contracts';

/** What a TIC label carries, as far as MAPIO uses it (Enedis-NOI-CPT_54E / _02E). */
export type TicLabelKind =
  | 'meter-id'
  | 'tariff-period'
  | 'contract'
  | 'energy-index'
  | 'reactive-index'
  /** The meter's main apparent power (PAPP, SINSTS). */
  | 'apparent-power'
  /** Any other number Home Assistant shows with a device class. */
  | 'measurement'
  | 'overload'
  | 'ejp-notice'
  | 'tomorrow-colour'
  | 'status-word'
  | 'message'
  | 'other';

export type Measured = 'apparent_power' | 'current' | 'voltage' | 'power';

export interface TicLabelInfo {
  kind: TicLabelKind;
  unit: string | null;
  /** Plain-language name shown in Home Assistant. */
  title: string;
  /** `measurement`: what it measures. */
  measures?: Measured;
  /** A contract value (subscribed current, reference power): not a measurement to keep statistics of. */
  fixed?: boolean;
  /** Shown in Home Assistant disabled by default: noise for most homes. */
  secondary?: boolean;
  /** Sent only while something lasts (an overload, an EJP notice): gone from a clean frame = over. */
  transient?: boolean;
  /** Its horodate (the time of a maximum, of an average) is worth showing. */
  timed?: boolean;
}

interface LabelRule {
  match: RegExp;
  info: (label: string, match: RegExpExecArray) => TicLabelInfo;
}

const energy = (title: string): TicLabelInfo => ({ kind: 'energy-index', unit: 'Wh', title });
const phase = (n: string | undefined) => (n ? ` phase ${n}` : '');
const measure = (measures: Measured, unit: string, title: string, extra: Partial<TicLabelInfo> = {}): TicLabelInfo => ({
  kind: 'measurement',
  unit,
  title,
  measures,
  ...extra,
});

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
  { match: /^OPTARIF$/, info: () => ({ kind: 'contract', unit: null, title: 'contract' }) },
  { match: /^PTEC$/, info: () => ({ kind: 'tariff-period', unit: null, title: 'tariff period' }) },
  { match: /^DEMAIN$/, info: () => ({ kind: 'tomorrow-colour', unit: null, title: 'Tempo colour tomorrow' }) },
  { match: /^PEJP$/, info: () => ({ kind: 'ejp-notice', unit: 'min', title: 'EJP notice', transient: true }) },
  { match: /^PAPP$/, info: () => ({ kind: 'apparent-power', unit: 'VA', title: 'apparent power' }) },
  { match: /^IINST([1-3])?$/, info: (_l, m) => measure('current', 'A', `current${phase(m[1])}`) },
  { match: /^ISOUSC$/, info: () => measure('current', 'A', 'subscribed current', { fixed: true }) },
  { match: /^IMAX([1-3])?$/, info: (_l, m) => measure('current', 'A', `maximum current${phase(m[1])}`, { secondary: true }) },
  { match: /^PMAX$/, info: () => measure('power', 'W', 'maximum power', { secondary: true }) },
  { match: /^ADPS$/, info: () => ({ kind: 'overload', unit: 'A', title: 'overload', transient: true }) },
  { match: /^ADIR([1-3])$/, info: (_l, m) => ({ kind: 'overload', unit: 'A', title: `overload${phase(m[1])}`, transient: true }) },
  {
    match: new RegExp(`^(${Object.keys(HISTORIC_INDEXES).join('|')})$`),
    info: (label) => energy(`${HISTORIC_INDEXES[label] ?? 'index'} (${label})`),
  },
];

const day = (yesterday: string | undefined) => (yesterday ? 'yesterday' : 'today');

const STANDARD: LabelRule[] = [
  { match: /^ADSC$/, info: () => ({ kind: 'meter-id', unit: null, title: 'meter address' }) },
  { match: /^NGTF$/, info: () => ({ kind: 'contract', unit: null, title: 'contract' }) },
  { match: /^LTARF$/, info: () => ({ kind: 'tariff-period', unit: null, title: 'tariff period' }) },
  { match: /^STGE$/, info: () => ({ kind: 'status-word', unit: null, title: 'status word' }) },
  { match: /^MSG1$/, info: () => ({ kind: 'message', unit: null, title: 'message' }) },
  { match: /^SINSTS$/, info: () => ({ kind: 'apparent-power', unit: 'VA', title: 'apparent power' }) },
  { match: /^SINSTS([1-3])$/, info: (_l, m) => measure('apparent_power', 'VA', `apparent power${phase(m[1])}`) },
  { match: /^SINSTI$/, info: () => measure('apparent_power', 'VA', 'injected apparent power') },
  {
    match: /^SMAXSN([1-3])?(-1)?$/,
    info: (_l, m) =>
      measure('apparent_power', 'VA', `maximum apparent power ${day(m[2])}${phase(m[1])}`, { timed: true, secondary: m[2] !== undefined }),
  },
  {
    match: /^SMAXIN(-1)?$/,
    info: (_l, m) => measure('apparent_power', 'VA', `maximum injected power ${day(m[1])}`, { timed: true, secondary: m[1] !== undefined }),
  },
  { match: /^PREF$/, info: () => measure('apparent_power', 'kVA', 'reference power', { fixed: true }) },
  { match: /^PCOUP$/, info: () => measure('apparent_power', 'kVA', 'cut-off power', { fixed: true, secondary: true }) },
  { match: /^IRMS([1-3])$/, info: (_l, m) => measure('current', 'A', `current${phase(m[1])}`) },
  { match: /^URMS([1-3])$/, info: (_l, m) => measure('voltage', 'V', `voltage${phase(m[1])}`) },
  { match: /^UMOY([1-3])$/, info: (_l, m) => measure('voltage', 'V', `average voltage${phase(m[1])}`, { timed: true, secondary: true }) },
  { match: /^(CCASN|CCAIN)(-1)?$/, info: (l) => ({ kind: 'other', unit: 'W', title: l }) },
  { match: /^ERQ([1-4])$/, info: (l, m) => ({ kind: 'reactive-index', unit: 'VArh', title: `reactive energy Q${m[1]} (${l})`, secondary: true }) },
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

/** Counters that only move forward: checked by the index guard before they are published. */
export const isIndex = (info: TicLabelInfo) => info.kind === 'energy-index' || info.kind === 'reactive-index';
