/** Which SPI controller and chip select a device sits on, and how fast it may be clocked. */
export interface SpiBusRef {
  bus: number;
  chipSelect: number;
  clockHz: number;
}

/** A write-only SPI device (mode 0): each `write` goes out as one transfer with CS held low. */
export interface SpiDevice {
  readonly name: string;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
