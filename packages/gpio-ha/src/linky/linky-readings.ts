import type { LinkyFrame, TicMode, TicValue } from '@mapio/contracts';
import { EnergyIndexGuard, type IndexGuardLimits, DEFAULT_INDEX_LIMITS } from './energy-index-guard';
import type { TicFrame } from './tic-frame-parser';
import { ticLabelInfo, type TicLabelInfo } from './tic-labels';

export interface IndexRejection {
  label: string;
  value: string;
  reason: string;
}

export interface FrameOutcome {
  /** The tariff period changed with this frame (publish at once rather than at the next slot). */
  tariffChanged: boolean;
  /** The meter address changed: what was known of the previous meter is forgotten. */
  meterChanged: boolean;
  /** Labels came or went (a first accepted index, say): Home Assistant entities change. */
  labelsChanged: boolean;
  rejected: IndexRejection[];
}

export interface PresentLabel {
  label: string;
  info: TicLabelInfo;
}

const TARIFF_LABELS = new Set(['PTEC', 'LTARF']);

/**
 * What the Linky has told us so far: the last accepted value of each label (a frame whose group
 * failed its check keeps the previous value rather than losing the label), energy indexes that
 * only move forward, and link quality counters. Pure: frames in, the `mapio/gpio-ha/linky` payload out.
 */
export class LinkyReadings {
  private mode: TicMode | null = null;
  private meter: string | null = null;
  private values = new Map<string, TicValue>();
  private indexes = new Map<string, number>();
  private guards = new Map<string, EnergyIndexGuard>();
  private readonly quality = { goodFrames: 0, badFrames: 0, badGroups: 0 };

  constructor(private readonly limits: IndexGuardLimits = DEFAULT_INDEX_LIMITS) {}

  get hasData(): boolean {
    return this.mode !== null;
  }

  get meterId(): string | null {
    return this.meter;
  }

  frameReceived(frame: TicFrame, atMs: number): FrameOutcome {
    if (frame.badGroups === 0) this.quality.goodFrames += 1;
    else this.quality.badFrames += 1;
    this.quality.badGroups += frame.badGroups;

    const meterChanged = this.trackMeter(frame);
    this.mode = frame.mode;
    const tariffBefore = this.tariffPeriod();
    const rejected: IndexRejection[] = [];
    const values = new Map<string, TicValue>();
    for (const { label, value, horodate } of frame.groups) {
      const info = ticLabelInfo(frame.mode, label);
      if (info.kind === 'energy-index') {
        const verdict = this.guard(label).check(value, atMs);
        if (verdict.accepted) this.indexes.set(label, verdict.wh);
        else if (verdict.reason !== 'awaiting confirmation') rejected.push({ label, value, reason: verdict.reason });
        const wh = this.indexes.get(label);
        if (wh !== undefined) values.set(label, { value: wh, unit: info.unit });
        continue;
      }
      // Quantities are numbers; identifiers (meter address, contract codes) keep their leading zeros.
      const decoded = info.unit !== null && /^\d+$/.test(value) ? Number(value) : value.trim();
      values.set(label, horodate === undefined ? { value: decoded, unit: info.unit } : { value: decoded, unit: info.unit, horodate });
    }
    // A group that failed its check keeps its previous value; otherwise the frame says it all (so a
    // label made up by a corrupted group that slipped through does not stay).
    if (frame.badGroups > 0) for (const [label, value] of this.values) if (!values.has(label)) values.set(label, value);
    const labelsChanged = values.size !== this.values.size || [...values.keys()].some((label) => !this.values.has(label));
    this.values = values;
    const tariffAfter = this.tariffPeriod();
    return { tariffChanged: tariffBefore !== null && tariffAfter !== tariffBefore, meterChanged, labelsChanged, rejected };
  }

  /** A frame that could not be used at all (interrupted, cut, no valid group). */
  frameDiscarded(badGroups: number): void {
    this.quality.badFrames += 1;
    this.quality.badGroups += badGroups;
  }

  /** The payload of `mapio/gpio-ha/linky`; null until a frame was received. */
  snapshot(at: string): LinkyFrame | null {
    if (this.mode === null) return null;
    const apparent = this.numeric(this.mode === 'historic' ? 'PAPP' : 'SINSTS');
    return {
      meterId: this.meter,
      mode: this.mode,
      at,
      tariffPeriod: this.tariffPeriod(),
      apparentPowerVA: apparent,
      indexes: Object.fromEntries([...this.indexes].filter(([label]) => this.values.has(label))),
      values: Object.fromEntries(this.values),
      quality: { ...this.quality },
    };
  }

  /** Labels the meter sends now (indexes once accepted), for the Home Assistant entities. */
  presentLabels(): PresentLabel[] {
    if (this.mode === null) return [];
    const mode = this.mode;
    return [...this.values.keys()].sort().map((label) => ({ label, info: ticLabelInfo(mode, label) }));
  }

  private trackMeter(frame: TicFrame): boolean {
    const id = frame.groups.find((group) => ticLabelInfo(frame.mode, group.label).kind === 'meter-id')?.value.trim();
    if (id === undefined || id === '' || id === this.meter) return false;
    const changed = this.meter !== null;
    this.meter = id;
    if (changed) {
      this.values.clear();
      this.indexes.clear();
      this.guards.clear();
    }
    return changed;
  }

  private guard(label: string): EnergyIndexGuard {
    let guard = this.guards.get(label);
    if (!guard) {
      guard = new EnergyIndexGuard(this.limits);
      this.guards.set(label, guard);
    }
    return guard;
  }

  private tariffPeriod(): string | null {
    for (const label of TARIFF_LABELS) {
      const value = this.values.get(label)?.value;
      if (value !== undefined) return String(value);
    }
    return null;
  }

  private numeric(label: string): number | null {
    const value = this.values.get(label)?.value;
    return typeof value === 'number' ? value : null;
  }
}
