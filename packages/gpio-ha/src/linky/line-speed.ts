import type { TicMode } from '@mapio/contracts';
import type { TicBaudRate } from '@mapio/hal';
import type { TicModeSetting } from './tic-group';

/** Historic mode talks at 1200 baud, standard mode at 9600. */
export const BAUD_OF: Record<TicMode, TicBaudRate> = { historic: 1200, standard: 9600 };

/** In auto mode, without a valid frame for this long the other line speed is tried. */
export const SPEED_PROBE_MS = 20_000;

const other = (baud: TicBaudRate): TicBaudRate => (baud === 1200 ? 9600 : 1200);

/**
 * Which speed the TIC port is read at. Pure: the mode setting and what was heard in, the speed to
 * switch to (or null: stay) out. A fixed mode never changes speed; in auto mode the port starts at
 * 1200 (historic, what most meters send), follows the mode of the frames it hears (only a pty passes
 * frames at the wrong speed) and tries the other speed after a silence of SPEED_PROBE_MS.
 */
export const lineSpeed = {
  initial(setting: TicModeSetting): TicBaudRate {
    return setting === 'standard' ? 9600 : 1200;
  },

  afterFrame(setting: TicModeSetting, baud: TicBaudRate, heard: TicMode): TicBaudRate | null {
    if (setting !== 'auto') return null;
    return BAUD_OF[heard] === baud ? null : BAUD_OF[heard];
  },

  afterSilence(setting: TicModeSetting, baud: TicBaudRate, heardAFrame: boolean): TicBaudRate | null {
    if (setting !== 'auto' || heardAFrame) return null;
    return other(baud);
  },
};
