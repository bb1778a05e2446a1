import { CM4_CORE_CLOCK_HZ, HalError, initRpio, RpioSpiDevice, spiClockDivider, type RpioModule, type RpioSpi } from '@mapio/hal';

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

/**
 * rpio in its own mock mode (a Raspberry Pi 3 it pretends to be): the calls reach the real addon,
 * which accepts them without a bus behind. What it checks: the set-up order, mode, divider, one
 * transfer per write, and nothing touched before the first write. What it cannot: the wire.
 */
describe('RpioSpiDevice on rpio (mock mode)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpio = initRpio(require('rpio') as RpioModule, { gpiomem: false, mock: 'raspi-3' });
  const calls: string[] = [];
  const spying: RpioSpi = {
    LOW: rpio.LOW,
    spiBegin: () => (calls.push('begin'), rpio.spiBegin()),
    spiChipSelect: (cs) => (calls.push(`cs ${cs}`), rpio.spiChipSelect(cs)),
    spiSetCSPolarity: (cs, active) => (calls.push(`polarity ${cs} ${active}`), rpio.spiSetCSPolarity(cs, active)),
    spiSetClockDivider: (divider) => (calls.push(`divider ${divider}`), rpio.spiSetClockDivider(divider)),
    spiSetDataMode: (mode) => (calls.push(`mode ${mode}`), rpio.spiSetDataMode(mode)),
    spiWrite: (buffer, length) => (calls.push(`write ${[...buffer.subarray(0, length)].join(',')}`), rpio.spiWrite(buffer, length)),
    spiEnd: () => (calls.push('end'), rpio.spiEnd()),
  };
  beforeEach(() => calls.splice(0));

  it('sets up SPI0 CE0, CS active low, mode 0, <= 4 MHz on the first write, then sends each write as one transfer', async () => {
    const device = new RpioSpiDevice('EPD SPI', { bus: 0, chipSelect: 0, clockHz: 4_000_000 }, () => spying);
    expect(calls).toEqual([]);
    await device.write(Uint8Array.of(0x01));
    await device.write(Uint8Array.of(0xf9, 0x00, 0x00));
    await device.close();
    expect(calls).toEqual(['begin', 'cs 0', `polarity 0 ${rpio.LOW}`, 'divider 126', 'mode 0', 'write 1', 'write 249,0,0', 'end']);
  });

  it('sends a slice of a larger buffer as it is (a RAM plane out of a frame)', async () => {
    const device = new RpioSpiDevice('EPD SPI', { bus: 0, chipSelect: 1, clockHz: 1_000_000 }, () => spying);
    const frame = Uint8Array.of(9, 9, 1, 2, 3, 9);
    await device.write(frame.subarray(2, 5));
    expect(calls).toContain('cs 1');
    expect(calls).toContain('divider 500');
    expect(calls).toContain('write 1,2,3');
    await device.close();
  });

  it('refuses another bus than SPI0, naming the device', () => {
    expect(() => new RpioSpiDevice('EPD SPI', { bus: 1, chipSelect: 0, clockHz: 4_000_000 }, () => spying)).toThrow(
      new HalError('EPD SPI on SPI1: rpio drives SPI0 only'),
    );
  });

  it('closing a device that never wrote leaves SPI alone', async () => {
    await new RpioSpiDevice('EPD SPI', { bus: 0, chipSelect: 0, clockHz: 4_000_000 }, () => spying).close();
    expect(calls).toEqual([]);
  });
});
