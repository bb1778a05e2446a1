import type { UserLedState } from '@mapio/contracts';
import { ledBitsOf, userLedStateAfter, userLedStateOf } from '../src/user-led/user-led-colour';

const OFF_WHITE: UserLedState = { state: 'OFF', color_mode: 'rgb', color: { r: 255, g: 255, b: 255 }, brightness: 255 };

describe('LED2 colours (three on/off channels)', () => {
  it('shows the nearest colour it can make and echoes that colour back', () => {
    const magenta = userLedStateAfter({ state: 'ON', color: { r: 250, g: 10, b: 200 } }, OFF_WHITE);
    expect(magenta).toEqual({ state: 'ON', color_mode: 'rgb', color: { r: 255, g: 0, b: 255 }, brightness: 255 });
    expect(ledBitsOf(magenta)).toEqual({ r: 1, g: 0, b: 1 });
    expect(userLedStateAfter({ state: 'ON', color: { r: 255, g: 140, b: 0 } }, OFF_WHITE).color).toEqual({ r: 255, g: 255, b: 0 });
  });

  it('keeps the hue of a colour Home Assistant dimmed by scaling it', () => {
    expect(userLedStateAfter({ state: 'ON', color: { r: 30, g: 0, b: 12 } }, OFF_WHITE).color).toEqual({ r: 255, g: 0, b: 0 });
    expect(userLedStateAfter({ state: 'ON', color: { r: 20, g: 0, b: 12 } }, OFF_WHITE).color).toEqual({ r: 255, g: 0, b: 255 });
  });

  it('turns on with the last colour, off keeping it, and off for black or zero brightness', () => {
    const green = userLedStateAfter({ state: 'ON', color: { r: 0, g: 255, b: 0 } }, OFF_WHITE);
    const off = userLedStateAfter({ state: 'OFF' }, green);
    expect(off).toEqual({ ...green, state: 'OFF' });
    expect(ledBitsOf(off)).toEqual({ r: 0, g: 0, b: 0 });
    expect(userLedStateAfter({ state: 'ON' }, off)).toEqual(green);
    expect(userLedStateAfter({ state: 'ON', color: { r: 0, g: 0, b: 0 } }, green).state).toBe('OFF');
    expect(userLedStateAfter({ state: 'ON', brightness: 0 }, green).state).toBe('OFF');
  });

  it('reads back what the LED shows when the daemon starts', () => {
    expect(userLedStateOf({ r: 0, g: 1, b: 1 })).toEqual({ state: 'ON', color_mode: 'rgb', color: { r: 0, g: 255, b: 255 }, brightness: 255 });
    expect(userLedStateOf({ r: 0, g: 0, b: 0 })).toEqual(OFF_WHITE);
  });
});
