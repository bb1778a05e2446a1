/**
 * How the driver reaches an SSD1680: the wire protocol and nothing more. A command byte is sent
 * with DC low, its data bytes with DC high; BUSY high means the controller is working.
 * Implementations: SpiTransport (hal's SPI device and lines: the board or its simulation) and Ssd1680Emulator (simulation and tests).
 */
export interface Transport {
  /** Hardware reset pulse on RST: high 20 ms, low 2 ms, high 20 ms. Also wakes from deep sleep. */
  reset(): Promise<void>;
  /** One command byte. */
  command(code: number): Promise<void>;
  /** Data bytes for the current command (RAM writes may come in several calls). */
  data(bytes: Uint8Array): Promise<void>;
  /** Resolves true once BUSY is low, false when it is still high after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
