import type { RgbColor, UserLedCommand, UserLedState } from '@mapio/contracts';
import type { RgbBits } from '@mapio/hal';

const WHITE: RgbColor = { r: 255, g: 255, b: 255 };

/**
 * LED2 has three on/off channels. A requested colour is shown as the nearest of the 7 colours it
 * can make: a channel lights when it is at least half of the strongest one, so a colour Home
 * Assistant dimmed (it scales RGB when the light has no brightness) keeps its hue. The state echoed
 * back is what the LED really shows.
 */
export function userLedStateAfter(command: UserLedCommand, current: UserLedState): UserLedState {
  if (command.state === 'OFF') return { ...current, state: 'OFF' };
  const requested = command.color ?? current.color;
  const scale = command.brightness === undefined ? 1 : command.brightness / 255;
  const scaled = { r: requested.r * scale, g: requested.g * scale, b: requested.b * scale };
  const strongest = Math.max(scaled.r, scaled.g, scaled.b);
  if (strongest === 0) return { ...current, state: 'OFF' };
  const channel = (value: number) => (value * 2 >= strongest ? 255 : 0);
  return {
    state: 'ON',
    color_mode: 'rgb',
    color: { r: channel(scaled.r), g: channel(scaled.g), b: channel(scaled.b) },
    brightness: 255,
  };
}

export function ledBitsOf(state: UserLedState): RgbBits {
  if (state.state === 'OFF') return { r: 0, g: 0, b: 0 };
  return { r: state.color.r > 0 ? 1 : 0, g: state.color.g > 0 ? 1 : 0, b: state.color.b > 0 ? 1 : 0 };
}

/** What the LED shows when we start (it keeps its state across a daemon restart). */
export function userLedStateOf(bits: RgbBits): UserLedState {
  const lit = bits.r + bits.g + bits.b > 0;
  const color = lit ? { r: bits.r * 255, g: bits.g * 255, b: bits.b * 255 } : WHITE;
  return { state: lit ? 'ON' : 'OFF', color_mode: 'rgb', color, brightness: 255 };
}
