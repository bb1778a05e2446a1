/**
 * The Waveshare 2.13" V3/V4 panel as the SSD1680 sees it: 122 source lines (padded to 16 bytes per
 * RAM row) by 250 gate lines. People see it landscape: 250 wide by 122 high.
 */
export const PANEL = {
  /** Landscape width as shown (= gate lines). */
  width: 250,
  /** Landscape height as shown (= source lines in use). */
  height: 122,
  gates: 250,
  sources: 122,
  /** Bytes per RAM row: 122 bits padded to 128. */
  bytesPerRow: 16,
  /** One RAM plane (0x24 or 0x26). */
  ramBytes: 16 * 250,
} as const;
