import type { BoardDescription } from './board';
import type { Hardware, HalLogger } from './hardware';
import { detectGpiod } from './real/gpiod-lines';
import { RealHardware } from './real/real-hardware';
import { loadRpio } from './real/rpio-output-line';
import { SimHardware } from './sim/sim-hardware';

export interface HardwareSelection {
  hardware: 'real' | 'sim';
  simDir: string;
}

/** The board for `MAPIO_HARDWARE`: the real one, or the simulation under `MAPIO_SIM_DIR`. */
export async function openHardware(selection: HardwareSelection, board: BoardDescription, logger: HalLogger): Promise<Hardware> {
  if (selection.hardware === 'sim') return SimHardware.create(selection.simDir, board, logger);
  const gpiod = await detectGpiod();
  return new RealHardware(board, {
    gpiod,
    logger,
    // Loaded lazily: it is a native addon only the relay's daemon needs.
    rpio: () => loadRpio({ gpiomem: true }),
  });
}
