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

/** `mapio/gpio-ha/linky`: one decoded, checksum-verified TIC frame. */
export const LinkyFrame = z.object({
  meterId: z.string().nullable(),
  mode: TicMode,
  at: isoTimestamp,
  /** Current tariff period as sent (PTEC in historic mode, LTARF in standard mode). */
  tariffPeriod: z.string().nullable(),
  apparentPowerVA: z.number().nonnegative().nullable(),
  /** Energy indexes in Wh, only ever increasing: label -> Wh. */
  indexes: z.record(TicLabel, z.number().int().nonnegative()),
  values: z.record(TicLabel, TicValue),
  quality: z.object({
    goodFrames: z.number().int().nonnegative(),
    badFrames: z.number().int().nonnegative(),
    badGroups: z.number().int().nonnegative(),
  }),
});
export type LinkyFrame = z.infer<typeof LinkyFrame>;
