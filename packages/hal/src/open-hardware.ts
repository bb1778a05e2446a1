import type { BoardDescription } from './board';
import type { Hardware, HalLogger } from './hardware';
import { detectGpiod } from './real/gpiod-lines';
import { RealHardware } from './real/real-hardware';
import { loadRpio } from './real/rpio-output-line';
import type { SimPanelTiming } from './sim/sim-epd-panel';
import { SimHardware } from './sim/sim-hardware';

export interface HardwareSelection {
  hardware: 'real' | 'sim';
  simDir: string;
  /** Simulation only: how fast the emulated e-paper is. */
  simPanel?: SimPanelTiming;
}

/** The board for `MAPIO_HARDWARE`: the real one, or the simulation under `MAPIO_SIM_DIR`. */
export async function openHardware(selection: HardwareSelection, board: BoardDescription, logger: HalLogger): Promise<Hardware> {
  if (selection.hardware === 'sim') return SimHardware.create(selection.simDir, board, logger, { panelTiming: selection.simPanel });
  const gpiod = await detectGpiod();
  return new RealHardware(board, {
    gpiod,
    logger,
    // Loaded lazily: it is a native addon only the relay's daemon needs.
    rpio: () => loadRpio({ gpiomem: true }),
    // SPI needs /dev/mem; a process uses one mode only (the display has no SoC outputs).
    rpioSpi: () => loadRpio({ gpiomem: false }),
  });
}
