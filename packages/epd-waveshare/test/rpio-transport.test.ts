import { CM4_CORE_CLOCK_HZ, spiClockDivider } from '@mapio/epd-waveshare';

describe('SPI0 clock divider', () => {
  it('gives 4 MHz or just under on the CM4 (500 MHz core): divider 126, 3.97 MHz', () => {
    const divider = spiClockDivider(CM4_CORE_CLOCK_HZ, 4_000_000);
    expect(divider).toBe(126);
    expect(CM4_CORE_CLOCK_HZ / divider).toBeLessThanOrEqual(4_000_000);
  });

  it('is always even and never faster than asked', () => {
    expect(spiClockDivider(250_000_000, 4_000_000)).toBe(64);
    expect(spiClockDivider(250_000_000, 1_000_000_000)).toBe(2);
    expect(spiClockDivider(500_000_000, 1)).toBe(65536);
  });
});
