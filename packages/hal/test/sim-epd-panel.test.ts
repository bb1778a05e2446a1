import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAST_TIMING, Ssd1680, Ssd1680Emulator, SpiTransport, type TraceEvent } from '@mapio/epd-waveshare';
import { mapioBoard, SimHardware, SimSpiDevice, type EdgeKind, type SimGpioLine } from '@mapio/hal';
import { captureLogs, eventually } from '@mapio/testkit';

const { epd } = mapioBoard;

async function simBoard() {
  const simDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-sim-epd-'));
  const hardware = await SimHardware.create(simDir, mapioBoard, captureLogs().logger, { panelTiming: 'fast' });
  const file = (ref: { chip: string; line: number }) => path.join(simDir, 'gpio', ref.chip, String(ref.line));
  const lines = {
    dc: hardware.output(epd.dc, 'EPD DC') as SimGpioLine,
    reset: hardware.output(epd.reset, 'EPD RST'),
    busy: hardware.input(epd.busy, 'EPD BUSY'),
  };
  return { hardware, lines, busyFile: file(epd.busy), simDir };
}

/** An SPI device that notes, for every transfer, the DC level (a hal simulated line) it went out with. */
function recordingSpi(dc: SimGpioLine) {
  const sent: Array<{ dc: 0 | 1; bytes: number[] }> = [];
  const device = new SimSpiDevice('recorder', (bytes) => {
    sent.push({ dc: dc.current, bytes: [...bytes] });
  });
  return { device, sent };
}

const commandsOf = (trace: readonly TraceEvent[]) => trace.filter((event) => event.kind === 'command');
const white = () => new Uint8Array(4000).fill(0xff);
const stripes = () => Uint8Array.from({ length: 4000 }, (_, i) => (i % 16 < 8 ? 0x0f : 0xf0));

describe('the e-paper driver on hal SPI and GPIO lines', () => {
  it('sends command bytes with DC low and data with DC high, one transfer per call', async () => {
    const { hardware, lines } = await simBoard();
    const recording = recordingSpi(lines.dc);
    const transport = new SpiTransport(recording.device, lines, { busyPollMs: 2 });
    await transport.command(0x01);
    await transport.data(Uint8Array.of(0xf9, 0x00, 0x00));
    await transport.command(0x20);
    expect(recording.sent).toEqual([
      { dc: 0, bytes: [0x01] },
      { dc: 1, bytes: [0xf9, 0x00, 0x00] },
      { dc: 0, bytes: [0x20] },
    ]);
    expect(recording.device.counts).toEqual({ transfers: 3, bytes: 5 });
    await hardware.close();
  });

  it('pulses RST high, low, high', async () => {
    const { hardware, lines } = await simBoard();
    const transport = new SpiTransport(recordingSpi(lines.dc).device, lines);
    await lines.reset.write(0);
    const edges: EdgeKind[] = [];
    const stop = hardware.input(epd.reset, 'EPD RST').watch('both', (event) => edges.push(event.edge));
    await transport.reset();
    expect(edges).toEqual(['rising', 'falling', 'rising']);
    stop();
    await hardware.close();
  });

  it('is woken by the falling edge of BUSY rather than by its safety-net poll', async () => {
    const { hardware, lines, busyFile } = await simBoard();
    // The safety-net poll an hour away, far beyond the test's timeout: resolving at all proves the
    // edge woke it (with a minute, as before, a missed edge and the timeout raced each other).
    const hour = 3_600_000;
    const transport = new SpiTransport(recordingSpi(lines.dc).device, lines, { busyPollMs: hour });
    writeFileSync(busyFile, '1\n');
    const idle = transport.waitIdle(2 * hour);
    await eventually(async () => (await lines.busy.read()) === 1, 10_000, 'BUSY high');
    writeFileSync(busyFile, '0\n');
    expect(await idle).toBe(true);
    await hardware.close();
  });

  it('waits for BUSY low, and gives up after the timeout', async () => {
    const { hardware, lines, busyFile } = await simBoard();
    const transport = new SpiTransport(recordingSpi(lines.dc).device, lines, { busyPollMs: 2 });
    writeFileSync(busyFile, '1\n');
    expect(await transport.waitIdle(30)).toBe(false);
    const idle = transport.waitIdle(60_000);
    writeFileSync(busyFile, '0\n');
    expect(await idle).toBe(true);
    await hardware.close();
  });

  it('puts out exactly the byte stream the driver gives an emulator directly', async () => {
    const direct = new Ssd1680Emulator({ timing: FAST_TIMING, trace: true });
    const reference = new Ssd1680(direct);
    await reference.displayFull(stripes());
    await reference.displayPartial(white());
    await reference.sleep();

    const { hardware, lines } = await simBoard();
    const recording = recordingSpi(lines.dc);
    const replayed = new Ssd1680Emulator({ timing: { ...FAST_TIMING, fullMs: 0, partialMs: 0, softwareResetMs: 0, loadMs: 0 }, trace: true });
    // BUSY never rises here: the recorder has no controller behind it.
    const driver = new Ssd1680(new SpiTransport(recording.device, lines, { busyPollMs: 2 }));
    await driver.displayFull(stripes());
    await driver.displayPartial(white());
    await driver.sleep();
    for (const { dc, bytes } of recording.sent) {
      if (dc === 0) for (const code of bytes) await replayed.command(code);
      else await replayed.data(Uint8Array.from(bytes));
    }
    expect(commandsOf(replayed.trace)).toEqual(commandsOf(direct.trace));
    expect(replayed.shownRamImage).toEqual(direct.shownRamImage);
    await hardware.close();
  });
});

describe('the simulated board\'s e-paper (SSD1680 emulator on the SPI bus)', () => {
  it('shows what the driver sends, drives BUSY, and writes epd/current.png and status.json', async () => {
    const { hardware, lines, simDir } = await simBoard();
    const driver = new Ssd1680(new SpiTransport(hardware.spi(epd.spi, 'EPD SPI'), lines));
    const busyLevels: EdgeKind[] = [];
    const stop = lines.busy.watch('both', (event) => busyLevels.push(event.edge));
    await driver.displayFull(stripes());
    await driver.displayPartial(white());
    await driver.sleep();
    const panel = hardware.panel();
    expect(panel.emulator.refreshes).toEqual({ full: 1, fast: 0, partial: 1 });
    expect(panel.emulator.shownRamImage).toEqual(white());
    expect(panel.emulator.sleeping).toBe(true);
    expect(busyLevels).toContain('falling'); // the driver waited for the emulated controller
    stop();
    await hardware.close();
    const status = JSON.parse(readFileSync(path.join(simDir, 'epd', 'status.json'), 'utf8')) as { frame: number; refreshes: object };
    expect(status).toMatchObject({ frame: 2, refreshes: { full: 1, partial: 1 } });
    expect(readFileSync(path.join(simDir, 'epd', 'current.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('wakes from deep sleep only by a reset pulse on RST, as a panel does', async () => {
    const { hardware, lines } = await simBoard();
    const driver = new Ssd1680(new SpiTransport(hardware.spi(epd.spi, 'EPD SPI'), lines));
    await driver.displayFull(white());
    await driver.sleep();
    await driver.displayFull(stripes()); // starts with the hardware reset
    expect(hardware.panel().emulator.refreshes.full).toBe(2);
    expect(hardware.panel().emulator.shownRamImage).toEqual(stripes());
    await hardware.close();
  });
});
