import type { LinkyFrame, TicMode, TicValue } from '@mapio/contracts';
import { EnergyIndexGuard, type IndexGuardLimits, DEFAULT_INDEX_LIMITS } from './energy-index-guard';
import { decodeStatusWord, tempoOfDemain, tempoTodayOfPeriod } from './linky-status';
import type { TicFrame } from './tic-frame-parser';
import { isIndex, ticLabelInfo, type TicLabelInfo } from './tic-labels';

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
  /** Labels came or went (a first accepted index, an overload): Home Assistant entities change. */
  labelsChanged: boolean;
  rejected: IndexRejection[];
}

export interface PresentLabel {
  label: string;
  info: TicLabelInfo;
}

export interface LinkyReadingsOptions {
  /** A label absent from every frame for this long is forgotten (its entity goes). */
  labelExpiryMs: number;
  limits?: IndexGuardLimits;
}

interface Heard {
  value: TicValue;
  atMs: number;
}

const TARIFF_LABELS = ['PTEC', 'LTARF'];

/**
 * What the Linky has told us so far. Pure: frames in, the `mapio/gpio-ha/linky` payload out.
 * - Every label keeps its last accepted value until it has been absent for `labelExpiryMs`: the
 *   short frames of a three-phase overload (ADCO, ADIRn, IINST1-3) or a group that failed its check
 *   take nothing away. Labels that only exist while something lasts (ADPS, ADIRn, PEJP) go with
 *   the first clean frame without them.
 * - Energy indexes only move forward (EnergyIndexGuard).
 * - Link quality counters.
 */
export class LinkyReadings {
  private mode: TicMode | null = null;
  private meter: string | null = null;
  private heard = new Map<string, Heard>();
  private indexes = new Map<string, number>();
  private guards = new Map<string, EnergyIndexGuard>();
  private readonly quality = { goodFrames: 0, badFrames: 0, badGroups: 0 };
  private readonly limits: IndexGuardLimits;

  constructor(private readonly options: LinkyReadingsOptions) {
    this.limits = options.limits ?? DEFAULT_INDEX_LIMITS;
  }

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
    const labelsBefore = [...this.heard.keys()];
    const rejected: IndexRejection[] = [];
    const inFrame = new Set<string>();
    for (const { label, value, horodate } of frame.groups) {
      inFrame.add(label);
      const info = ticLabelInfo(frame.mode, label);
      if (isIndex(info)) {
        const verdict = this.guard(label).check(value, atMs);
        if (verdict.accepted) this.indexes.set(label, verdict.wh);
        else if (verdict.reason !== 'awaiting confirmation') rejected.push({ label, value, reason: verdict.reason });
        const accepted = this.indexes.get(label);
        if (accepted !== undefined) this.heard.set(label, { value: { value: accepted, unit: info.unit }, atMs });
        continue;
      }
      // Quantities are numbers; identifiers (meter address, contract codes) keep their leading zeros.
      const decoded = info.unit !== null && /^\d+$/.test(value) ? Number(value) : value.trim();
      const ticValue: TicValue = horodate === undefined ? { value: decoded, unit: info.unit } : { value: decoded, unit: info.unit, horodate };
      this.heard.set(label, { value: ticValue, atMs });
    }
    this.forget(frame, inFrame, atMs);
    const labelsChanged = labelsBefore.length !== this.heard.size || labelsBefore.some((label) => !this.heard.has(label));
    const tariffAfter = this.tariffPeriod();
    return { tariffChanged: tariffBefore !== null && tariffAfter !== tariffBefore, meterChanged, labelsChanged, rejected };
  }

  /** A frame that could not be used at all (interrupted, no valid group, too long). */
  frameDiscarded(badGroups: number): void {
    this.quality.badFrames += 1;
    this.quality.badGroups += badGroups;
  }

  /** The payload of `mapio/gpio-ha/linky`; null until a frame was received. */
  snapshot(at: string): LinkyFrame | null {
    if (this.mode === null) return null;
    const historic = this.mode === 'historic';
    const decoded = historic ? null : decodeStatusWord(this.text('STGE') ?? '');
    return {
      meterId: this.meter,
      mode: this.mode,
      at,
      tariffPeriod: this.tariffPeriod(),
      apparentPowerVA: this.numeric(historic ? 'PAPP' : 'SINSTS'),
      indexes: Object.fromEntries(
        [...this.indexes].filter(([label]) => this.heard.has(label) && ticLabelInfo(this.mode ?? 'historic', label).kind === 'energy-index'),
      ),
      values: Object.fromEntries([...this.heard].map(([label, { value }]) => [label, value])),
      overload: historic ? this.presentLabels().some(({ info }) => info.kind === 'overload') : decoded?.status.overload ?? false,
      tempo: historic ? this.historicTempo() : decoded && this.isTempoContract(decoded.tempoToday) ? { today: decoded.tempoToday, tomorrow: decoded.tempoTomorrow } : null,
      ejpNotice: historic && this.isEjpContract() ? this.heard.has('PEJP') : null,
      status: decoded?.status ?? null,
      quality: { ...this.quality },
    };
  }

  /** Labels known now (indexes once accepted), for the Home Assistant entities. */
  presentLabels(): PresentLabel[] {
    const mode = this.mode;
    if (mode === null) return [];
    return [...this.heard.keys()].sort().map((label) => ({ label, info: ticLabelInfo(mode, label) }));
  }

  /** Transient labels missing from a clean frame are over; any label unheard for the expiry is gone. */
  private forget(frame: TicFrame, inFrame: Set<string>, atMs: number): void {
    for (const [label, { atMs: heardAt }] of this.heard) {
      const over = frame.badGroups === 0 && !inFrame.has(label) && ticLabelInfo(frame.mode, label).transient === true;
      if (over || atMs - heardAt > this.options.labelExpiryMs) {
        this.heard.delete(label);
        this.indexes.delete(label);
        this.guards.delete(label);
      }
    }
  }

  private historicTempo(): LinkyFrame['tempo'] {
    const today = tempoTodayOfPeriod(this.text('PTEC') ?? '');
    const demain = this.text('DEMAIN');
    const tomorrow = demain === null ? null : tempoOfDemain(demain);
    return today === null && demain === null ? null : { today, tomorrow };
  }

  /** STGE carries colour bits on every meter: they mean something on a Tempo contract only. */
  private isTempoContract(today: string): boolean {
    return (this.text('NGTF') ?? '').toUpperCase().includes('TEMPO') || today !== 'unannounced';
  }

  private isEjpContract(): boolean {
    return (this.text('OPTARIF') ?? '').startsWith('EJP') || this.heard.has('EJPHN') || this.heard.has('EJPHPM');
  }

  private trackMeter(frame: TicFrame): boolean {
    const id = frame.groups.find((group) => ticLabelInfo(frame.mode, group.label).kind === 'meter-id')?.value.trim();
    if (id === undefined || id === '' || id === this.meter) return false;
    const changed = this.meter !== null;
    this.meter = id;
    if (changed) {
      this.heard.clear();
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
      const value = this.heard.get(label)?.value.value;
      if (value !== undefined) return String(value);
    }
    return null;
  }

  private text(label: string): string | null {
    const value = this.heard.get(label)?.value.value;
    return value === undefined ? null : String(value);
  }

  private numeric(label: string): number | null {
    const value = this.heard.get(label)?.value.value;
    return typeof value === 'number' ? value : null;
  }
}
