import { z } from 'zod';
import { isoTimestamp } from './common';

export const PowerStateName = z.enum(['charging', 'charged', 'on_battery', 'critical', 'no_battery']);
export type PowerStateName = z.infer<typeof PowerStateName>;

/** `mapio/gpio-ha/power`: what the status LED, the display's STATUS view and HA show about the UPS. */
export const PowerState = z.object({
  state: PowerStateName,
  /** 0-100, smoothed; null when there is no battery or it cannot be read. */
  batteryPercent: z.number().int().min(0).max(100).nullable(),
  batteryVolts: z.number().min(0).max(10).nullable(),
  /** Mains adapter present (CHG_ACOK_N low). */
  externalPower: z.boolean(),
  at: isoTimestamp,
});
export type PowerState = z.infer<typeof PowerState>;

const rgbChannel = z.number().int().min(0).max(255);
export const RgbColor = z.object({ r: rgbChannel, g: rgbChannel, b: rgbChannel });
export type RgbColor = z.infer<typeof RgbColor>;

/** `mapio/gpio-ha/user_led`: Home Assistant MQTT light, JSON schema, state as reported. */
export const UserLedState = z.object({
  state: z.enum(['ON', 'OFF']),
  color_mode: z.literal('rgb'),
  color: RgbColor,
  brightness: z.number().int().min(0).max(255),
});
export type UserLedState = z.infer<typeof UserLedState>;

/** `mapio/gpio-ha/user_led/set`: what Home Assistant sends (JSON schema light; unknown keys ignored). */
export const UserLedCommand = z.object({
  state: z.enum(['ON', 'OFF']),
  color: RgbColor.optional(),
  brightness: z.number().int().min(0).max(255).optional(),
});
export type UserLedCommand = z.infer<typeof UserLedCommand>;

export const TicMode = z.enum(['historic', 'standard']);
export type TicMode = z.infer<typeof TicMode>;

/** Label of a TIC group: upper-case letters, digits, `-`, `_` and `+` (e.g. `EASF01`, `PTEC`, `PJOURF+1`). */
export const TicLabel = z.string().regex(/^[A-Z0-9_+-]{1,16}$/);

export const TicValue = z.object({
  /** Quantities with a unit (A, V, VA, Wh...) are numbers; everything else is text as sent, trimmed (ids keep leading zeros). */
  value: z.union([z.number(), z.string()]),
  unit: z.string().nullable(),
  /** Standard mode only: the horodate that came with the group (e.g. `E261126101500`). */
  horodate: z.string().optional(),
});
export type TicValue = z.infer<typeof TicValue>;

/** A Tempo day's colour; `unannounced` until the meter knows tomorrow's (DEMAIN `----`, STGE bits 0). */
export const TempoColour = z.enum(['blue', 'white', 'red', 'unannounced']);
export type TempoColour = z.infer<typeof TempoColour>;

/** The meter's cut-off device: STGE bits 1-3 (Enedis-NOI-CPT_54E) index this list, 0 to 7. */
export const LinkyCutOff = z.enum([
  'closed',
  'open_overload',
  'open_overvoltage',
  'open_load_shedding',
  'open_remote',
  'open_overheat_overcurrent',
  'open_overheat',
  'unknown',
]);
export type LinkyCutOff = z.infer<typeof LinkyCutOff>;

/** The standard mode's status word STGE, decoded (the bits MAPIO shows). */
export const LinkyStatusWord = z.object({
  /** Bit 0: the dry contact (relay output of the meter) is open. */
  dryContactOpen: z.boolean(),
  cutOff: LinkyCutOff,
  /** Bit 6: over-voltage on a phase. */
  overVoltage: z.boolean(),
  /** Bit 7: the reference power is exceeded. */
  overload: z.boolean(),
  /** Bit 8: the meter works as a producer (else as a consumer). */
  producing: z.boolean(),
});
export type LinkyStatusWord = z.infer<typeof LinkyStatusWord>;

/** `mapio/gpio-ha/linky`: what the meter said, from checksum-verified TIC frames. */
export const LinkyFrame = z.object({
  meterId: z.string().nullable(),
  mode: TicMode,
  at: isoTimestamp,
  /** Current tariff period as sent (PTEC in historic mode, LTARF in standard mode). */
  tariffPeriod: z.string().nullable(),
  apparentPowerVA: z.number().nonnegative().nullable(),
  /** Energy indexes in Wh, only ever increasing: label -> Wh. */
  indexes: z.record(TicLabel, z.number().int().nonnegative()),
  /**
   * The last value of every label heard: a label missing from a frame (the short frames of a
   * three-phase overload carry only a few) keeps its value until it has been absent for the label
   * expiry. ADPS, ADIR1-3 and PEJP are there only while the meter sends them.
   */
  values: z.record(TicLabel, TicValue),
  /** An overload now: ADPS or an ADIRn in the last frame (historic), STGE bit 7 (standard). */
  overload: z.boolean(),
  /** Tempo contracts only (PTEC and DEMAIN in historic mode, STGE bits 24-27 in standard mode). */
  tempo: z.object({ today: TempoColour.nullable(), tomorrow: TempoColour.nullable() }).nullable(),
  /** EJP contracts only (historic): PEJP, the 30-minute notice of an EJP peak day, is being sent. */
  ejpNotice: z.boolean().nullable(),
  /** Standard mode: STGE decoded. */
  status: LinkyStatusWord.nullable(),
  quality: z.object({
    goodFrames: z.number().int().nonnegative(),
    badFrames: z.number().int().nonnegative(),
    badGroups: z.number().int().nonnegative(),
  }),
});
export type LinkyFrame = z.infer<typeof LinkyFrame>;
