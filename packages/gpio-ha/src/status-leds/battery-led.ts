import type { PowerStateName } from '@mapio/contracts';
import type { LedLook } from './led-look';

/**
 * LED3 (BATTERY), docs/hardware.md: green blinking = charging, green = charged, orange = on battery,
 * red = no battery. Critical (on battery, nearly empty) blinks red: it is about to go dark.
 */
const LOOKS: Record<PowerStateName, LedLook> = {
  charging: { colour: 'green', blink: true },
  charged: { colour: 'green', blink: false },
  on_battery: { colour: 'orange', blink: false },
  critical: { colour: 'red', blink: true },
  no_battery: { colour: 'red', blink: false },
};

export function batteryLed(state: PowerStateName | null): LedLook {
  return state === null ? { colour: 'off', blink: false } : LOOKS[state];
}
