import { HalError } from '../gpio';
import type { SpiBusRef, SpiDevice } from '../spi';
import type { RpioModule } from './rpio-output-line';

/** The CM4 runs its core (and so the SPI block) at 500 MHz. */
export const CM4_CORE_CLOCK_HZ = 500_000_000;

/** The SPI0 clock divider: even, and never faster than `targetHz`. */
export function spiClockDivider(coreClockHz: number, targetHz: number): number {
  const divider = Math.ceil(coreClockHz / targetHz);
  return Math.min(65536, Math.max(2, divider + (divider % 2)));
}

/** The part of rpio's API an SPI device uses; rpio must be initialised with /dev/mem (gpiomem: false). */
export type RpioSpi = Pick<
  RpioModule,
  'spiBegin' | 'spiChipSelect' | 'spiSetCSPolarity' | 'spiSetClockDivider' | 'spiSetDataMode' | 'spiWrite' | 'spiEnd' | 'LOW'
>;

/**
 * A device on the SoC's SPI0 through rpio (mode 0, CS active low). The controller is set up on the
 * first write, so opening the device touches nothing.
 */
export class RpioSpiDevice implements SpiDevice {
  private opened = false;

  constructor(
    readonly name: string,
    private readonly ref: SpiBusRef,
    private readonly rpio: () => RpioSpi,
    private readonly coreClockHz = CM4_CORE_CLOCK_HZ,
  ) {
    if (ref.bus !== 0) throw new HalError(`${name} on SPI${ref.bus}: rpio drives SPI0 only`);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const rpio = this.open();
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    rpio.spiWrite(buffer, buffer.length);
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.rpio().spiEnd();
  }

  private open(): RpioSpi {
    const rpio = this.rpio();
    if (this.opened) return rpio;
    const { chipSelect, clockHz } = this.ref;
    try {
      rpio.spiBegin();
      rpio.spiChipSelect(chipSelect);
      rpio.spiSetCSPolarity(chipSelect, rpio.LOW);
      rpio.spiSetClockDivider(spiClockDivider(this.coreClockHz, clockHz));
      rpio.spiSetDataMode(0);
    } catch (error) {
      throw new HalError(`${this.name} (SPI${this.ref.bus} CE${chipSelect}): cannot open through rpio: ${(error as Error).message}`);
    }
    this.opened = true;
    return rpio;
  }
}
