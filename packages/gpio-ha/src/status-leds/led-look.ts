import type { LED_COLOURS } from '@mapio/hal';

/** What an RGB LED shows: a colour, steady or blinking (kernel `timer` trigger). */
export interface LedLook {
  colour: keyof typeof LED_COLOURS;
  blink: boolean;
}

export const sameLook = (a: LedLook | null, b: LedLook): boolean => a !== null && a.colour === b.colour && a.blink === b.blink;
