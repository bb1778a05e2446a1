import type { SpiDevice } from '../spi';

/** What sits on a simulated SPI bus: it is handed each transfer, in order, before `write` resolves. */
export type SpiPeripheral = (bytes: Uint8Array) => Promise<void> | void;

/**
 * A simulated SPI device: records every transfer and hands it to the peripheral attached to the bus
 * (the emulated e-paper controller). A peripheral's error is the writer's error, as a protocol
 * mistake would be on the board (only louder).
 */
export class SimSpiDevice implements SpiDevice {
  private transfers = 0;
  private bytes = 0;

  constructor(
    readonly name: string,
    private readonly peripheral: SpiPeripheral,
  ) {}

  get counts(): { transfers: number; bytes: number } {
    return { transfers: this.transfers, bytes: this.bytes };
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.transfers++;
    this.bytes += bytes.length;
    await this.peripheral(Uint8Array.from(bytes));
  }

  async close(): Promise<void> {
    // Nothing held: the peripheral outlives its writers (a daemon restart keeps the panel's picture).
  }
}
