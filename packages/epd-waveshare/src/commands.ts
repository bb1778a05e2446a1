/** The SSD1680 commands this driver sends (and the emulator understands). */
export const Command = {
  driverOutputControl: 0x01,
  deepSleep: 0x10,
  dataEntryMode: 0x11,
  softwareReset: 0x12,
  temperatureSensor: 0x18,
  writeTemperature: 0x1a,
  masterActivation: 0x20,
  displayUpdateControl1: 0x21,
  displayUpdateControl2: 0x22,
  writeBlackWhiteRam: 0x24,
  writeRedRam: 0x26,
  borderWaveform: 0x3c,
  ramXWindow: 0x44,
  ramYWindow: 0x45,
  ramXCounter: 0x4e,
  ramYCounter: 0x4f,
} as const;

/** 0x22 sequences (bit 2 = display, bit 3 = display mode 2, i.e. differential). */
export const UpdateSequence = {
  full: 0xf7,
  partial: 0xff,
  fastDisplay: 0xc7,
  loadTemperature: 0xb1,
  loadLut: 0x91,
} as const;

export function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
