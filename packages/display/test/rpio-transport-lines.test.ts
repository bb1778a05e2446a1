import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RpioTransport, Ssd1680, Ssd1680Emulator, FAST_TIMING, type RpioSpi } from '@mapio/epd-waveshare';
import { mapioBoard, SimHardware, type EdgeKind } from '@mapio/hal';
import { captureLogs } from '@mapio/testkit';

/**
 * SPI cannot exist on this machine: this stands in for rpio's SPI0 and notes, for every byte, the
 * level of the DC line (a hal simulated line, a real file) at the moment it went out.
 */
function recordingSpi(dcFile: string) {
  const sent: Array<{ dc: string; bytes: number[] }> = [];
  const calls: string[] = [];
  const spi: RpioSpi = {
    LOW: 0,
    spiBegin: () => calls.push('begin'),
    spiChipSelect: (cs) => calls.push(`cs ${cs}`),
    spiSetCSPolarity: (cs, active) => calls.push(`polarity ${cs} ${active}`),
    spiSetClockDivider: (divider) => calls.push(`divider ${divider}`),
    spiSetDataMode: (mode) => calls.push(`mode ${mode}`),
    spiWrite: (buffer, length) => sent.push({ dc: readFileSync(dcFile, 'utf8').trim(), bytes: [...buffer.subarray(0, length)] }),
    spiEnd: () => calls.push('end'),
  };
  return { spi, sent, calls };
}

async function setup() {
  const simDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-rpio-transport-'));
  const hardware = await SimHardware.create(simDir, mapioBoard, captureLogs().logger);
  const { epd } = mapioBoard;
  const file = (ref: { chip: string; line: number }) => path.join(simDir, 'gpio', ref.chip, String(ref.line));
  const recording = recordingSpi(file(epd.dc));
  const reset = hardware.output(epd.reset, 'EPD RST');
  const transport = new RpioTransport(
    recording.spi,
    { dc: hardware.output(epd.dc, 'EPD DC'), reset, busy: hardware.input(epd.busy, 'EPD BUSY') },
    { chipSelect: epd.spi.chipSelect, clockHz: epd.spi.clockHz, busyPollMs: 2 },
  );
  return { hardware, transport, recording, reset, busyFile: file(epd.busy) };
}

describe('RpioTransport on hal GPIO lines', () => {
  it('sends command bytes with DC low and data with DC high, on SPI0 CE0 mode 0 at 4 MHz or less', async () => {
    const { hardware, transport, recording } = await setup();
    await transport.command(0x01);
    await transport.data(Uint8Array.of(0xf9, 0x00, 0x00));
    await transport.command(0x20);
    expect(recording.calls).toEqual(['begin', 'cs 0', 'polarity 0 0', 'divider 126', 'mode 0']);
    expect(recording.sent).toEqual([
      { dc: '0', bytes: [0x01] },
      { dc: '1', bytes: [0xf9, 0x00, 0x00] },
      { dc: '0', bytes: [0x20] },
    ]);
    await transport.close();
    expect(recording.calls.at(-1)).toBe('end');
    await hardware.close();
  });

  it('pulses RST high, low, high', async () => {
    const { hardware, transport, reset } = await setup();
    await reset.write(0);
    const edges: EdgeKind[] = [];
    const hw = hardware.input(mapioBoard.epd.reset, 'EPD RST');
    const stop = hw.watch('both', (event) => edges.push(event.edge));
    const started = performance.now();
    await transport.reset();
    expect(edges).toEqual(['rising', 'falling', 'rising']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    stop();
    await hardware.close();
  });

  it('is woken by the falling edge of BUSY rather than by its safety-net poll', async () => {
    const { hardware, busyFile, recording } = await setup();
    const { epd } = mapioBoard;
    const transport = new RpioTransport(
      recording.spi,
      { dc: hardware.output(epd.dc, 'EPD DC'), reset: hardware.output(epd.reset, 'EPD RST'), busy: hardware.input(epd.busy, 'EPD BUSY') },
      { chipSelect: epd.spi.chipSelect, clockHz: epd.spi.clockHz, busyPollMs: 5000 },
    );
    writeFileSync(busyFile, '1\n');
    setTimeout(() => writeFileSync(busyFile, '0\n'), 50);
    const started = performance.now();
    expect(await transport.waitIdle(10_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
    await hardware.close();
  });

  it('waits for BUSY low, and gives up after the timeout', async () => {
    const { hardware, transport, busyFile } = await setup();
    writeFileSync(busyFile, '1\n');
    expect(await transport.waitIdle(30)).toBe(false);
    setTimeout(() => writeFileSync(busyFile, '0\n'), 20);
    expect(await transport.waitIdle(1000)).toBe(true);
    await hardware.close();
  });

  it('puts out a byte stream the SSD1680 emulator decodes as the driver meant it', async () => {
    const { hardware, transport, recording } = await setup();
    const driver = new Ssd1680(transport);
    await driver.displayFull(new Uint8Array(4000).fill(0xff));
    const emulator = new Ssd1680Emulator({ timing: { ...FAST_TIMING, fullMs: 0, softwareResetMs: 0 } });
    await emulator.reset();
    for (const { dc, bytes } of recording.sent) {
      if (dc === '0') for (const code of bytes) await emulator.command(code);
      else await emulator.data(Uint8Array.from(bytes));
    }
    expect(emulator.refreshes.full).toBe(1);
    await hardware.close();
  });
});
