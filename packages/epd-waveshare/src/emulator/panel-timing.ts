/** How long the emulated controller keeps BUSY high (ms), and how long a reset pulse takes. */
export interface PanelTiming {
  resetPulseMs: number;
  softwareResetMs: number;
  fullMs: number;
  fastMs: number;
  partialMs: number;
  /** A 0x20 activation that only loads temperature / waveform (no display). */
  loadMs: number;
}

/** About what a Waveshare 2.13" V4 takes. */
export const REALISTIC_TIMING: PanelTiming = {
  resetPulseMs: 42,
  softwareResetMs: 10,
  fullMs: 2000,
  fastMs: 1200,
  partialMs: 300,
  loadMs: 100,
};

/** Same order of events, a few milliseconds each: for tests and impatient people. */
export const FAST_TIMING: PanelTiming = {
  resetPulseMs: 1,
  softwareResetMs: 1,
  fullMs: 20,
  fastMs: 12,
  partialMs: 5,
  loadMs: 2,
};
