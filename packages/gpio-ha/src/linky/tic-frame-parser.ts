import type { TicMode } from '@mapio/contracts';
import { decodeTicGroup, TIC, type TicGroup, type TicModeSetting } from './tic-group';

/** A frame between STX and ETX: its verified groups and how many groups failed their check. */
export interface TicFrame {
  mode: TicMode;
  groups: TicGroup[];
  badGroups: number;
}

export type TicParserEvent =
  | { type: 'frame'; frame: TicFrame }
  /** A frame that cannot be used at all (interrupted by EOT, no valid group, too long). */
  | { type: 'discarded'; reason: DiscardReason; badGroups: number };

export type DiscardReason = 'interrupted' | 'no valid group' | 'too long';

const MAX_GROUP_LENGTH = 128;
const MAX_GROUPS = 160;

/**
 * A streaming TIC parser: bytes in (any chunking), frames out. Bytes are masked to 7 bits (the
 * line is 7E1; a UART configured 8N1 or a pty hands over the parity bit). Outside a frame bytes are
 * ignored until the next STX, so the parser locks on mid-stream.
 *
 * Real lines are noisy: an STX inside a frame is line noise (real captures carry them mid-group),
 * not a new frame. The group it hits counts as bad and the parser resynchronises on the next LF, so
 * the following groups of the frame are kept. A label may come twice in a frame (logged captures
 * repeat groups; a lost ETX joins two frames): both are verified groups of the same meter, the
 * later one wins. An empty group (CR LF line endings put an LF before the ETX) is no group at all.
 */
export class TicFrameParser {
  private inFrame = false;
  private group: number[] | null = null;
  private groups: TicGroup[] = [];
  private badGroups = 0;
  private frameMode: TicMode | null = null;
  private oversized = false;
  /** Bytes inside a frame but outside a group (a lost LF): that group is lost and counts as bad. */
  private stray = false;
  /** After line noise: bytes are dropped until the next LF, without counting them again. */
  private resync = false;
  private events: TicParserEvent[] = [];

  constructor(private readonly mode: TicModeSetting) {}

  push(chunk: Uint8Array): TicParserEvent[] {
    for (const raw of chunk) {
      const byte = raw & 0x7f;
      switch (byte) {
        case TIC.STX:
          if (this.inFrame) this.noise();
          else this.startFrame();
          break;
        case TIC.ETX:
          if (this.inFrame) this.events.push(this.endFrame());
          break;
        case TIC.EOT:
          if (this.inFrame) this.events.push(this.discard('interrupted'));
          break;
        case TIC.LF:
          if (!this.inFrame) break;
          if (this.group !== null && this.group.length > 0) this.badGroups += 1; // the previous group never got its CR
          this.countStray();
          this.resync = false;
          this.group = [];
          break;
        case TIC.CR:
          if (this.inFrame && this.group !== null) this.endGroup(this.group);
          this.countStray();
          this.group = null;
          break;
        default:
          if (this.group === null) {
            if (this.inFrame && !this.resync) this.stray = true;
            break;
          }
          if (this.group.length >= MAX_GROUP_LENGTH) {
            this.badGroups += 1;
            this.group = null;
          } else {
            this.group.push(byte);
          }
      }
    }
    return this.events.splice(0);
  }

  /** An STX inside a frame: the group it lands in is lost; the frame goes on from the next LF. */
  private noise(): void {
    if ((this.group !== null && this.group.length > 0) || this.stray) this.badGroups += 1;
    this.group = null;
    this.stray = false;
    this.resync = true;
  }

  private startFrame(): void {
    this.inFrame = true;
    this.group = null;
    this.groups = [];
    this.badGroups = 0;
    this.frameMode = null;
    this.oversized = false;
    this.stray = false;
    this.resync = false;
  }

  private countStray(): void {
    if (!this.stray) return;
    this.stray = false;
    this.badGroups += 1;
  }

  private endGroup(bytes: number[]): void {
    if (this.groups.length >= MAX_GROUPS) {
      this.oversized = true;
      return;
    }
    const decoded = decodeTicGroup(String.fromCharCode(...bytes), this.frameMode ?? this.mode);
    if (!decoded.ok) {
      this.badGroups += 1;
      return;
    }
    this.frameMode ??= decoded.mode;
    this.groups.push(decoded.group);
  }

  private endFrame(): TicParserEvent {
    if (this.group !== null && this.group.length > 0) this.badGroups += 1;
    this.countStray();
    const { groups, badGroups, frameMode, oversized } = this;
    this.inFrame = false;
    this.group = null;
    if (oversized) return { type: 'discarded', reason: 'too long', badGroups };
    if (frameMode === null || groups.length === 0) return { type: 'discarded', reason: 'no valid group', badGroups };
    return { type: 'frame', frame: { mode: frameMode, groups, badGroups } };
  }

  private discard(reason: DiscardReason): TicParserEvent {
    const event: TicParserEvent = { type: 'discarded', reason, badGroups: this.badGroups };
    this.inFrame = false;
    this.group = null;
    return event;
  }
}
