import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rpio from 'rpio';
import {
  batteryVoltsFromRegister,
  detectGpiod,
  GpiodInputLine,
  GpiodOutputLine,
  gpiogetArgs,
  gpiomonArgs,
  gpiosetHoldArgs,
  HalError,
  initRpio,
  mapioBoard,
  parseGpioget,
  parseGpiodVersion,
  parseGpiomonLine,
  parsePmicRegister,
  pmicModelFromId,
  ptySttyArgs,
  RealHardware,
  RpioOutputLine,
  SimHardware,
  sttyConfigurer,
  ticSttyArgs,
  VcgencmdPmic,
} from '@mapio/hal';
import { captureLogs, describeWithServices, eventually, findExecutable, PtyPair } from '@mapio/testkit';

describe('libgpiod tools, v1 and v2 syntax', () => {
  it('reads the major version from --version output', () => {
    expect(parseGpiodVersion('gpioget (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski\n')).toBe(1);
    expect(parseGpiodVersion('gpioget (libgpiod) v2.1.2\n')).toBe(2);
    expect(() => parseGpiodVersion('gpioget 0.9\n')).toThrow(/unsupported libgpiod tools version/);
  });

  it('builds the arguments each version expects', () => {
    expect(gpiogetArgs(1, 'gpiochip1', 9)).toEqual(['gpiochip1', '9']);
    expect(gpiogetArgs(2, 'gpiochip1', 9)).toEqual(['--numeric', '-c', 'gpiochip1', '9']);
    expect(gpiosetHoldArgs(1, 'gpiochip1', 13, 1)).toEqual(['--mode=signal', 'gpiochip1', '13=1']);
    expect(gpiosetHoldArgs(2, 'gpiochip1', 13, 0)).toEqual(['--interactive', '-c', 'gpiochip1', '13=0']);
    expect(gpiomonArgs(1, 'gpiochip1', 0, 'falling')).toEqual(['--line-buffered', '--format=%o %e', '--falling-edge', 'gpiochip1', '0']);
    expect(gpiomonArgs(2, 'gpiochip0', 18, 'both')).toEqual(['-c', 'gpiochip0', '-e', 'both', '--format=%o %E', '18']);
  });

  it('parses values and edge events of both versions', () => {
    expect(parseGpioget('0\n', 'x')).toBe(0);
    expect(parseGpioget('"9"=active\n', 'x')).toBe(1);
    expect(() => parseGpioget('maybe', 'CHG_ACOK_N')).toThrow(/CHG_ACOK_N: unexpected gpioget output/);
    expect(parseGpiomonLine('0 0')).toEqual({ line: 0, edge: 'falling' });
    expect(parseGpiomonLine('18 1')).toEqual({ line: 18, edge: 'rising' });
    expect(parseGpiomonLine('1 falling')).toEqual({ line: 1, edge: 'falling' });
    expect(parseGpiomonLine('event: FALLING EDGE offset: 0')).toBeNull();
  });

  const gpiodInstalled = findExecutable('gpioget') !== null;
  (gpiodInstalled ? it : it.skip)('detects the tools installed here and reports a missing chip clearly', async () => {
    const major = await detectGpiod();
    expect([1, 2]).toContain(major);
    // This machine has no GPIO chip: the real tools run and fail, and the error names the line.
    const input = new GpiodInputLine('CHG_ACOK_N', 'gpiochip1', 9, major, captureLogs().logger);
    await expect(input.read()).rejects.toThrow(/CHG_ACOK_N \(gpiochip1 line 9\): gpioget failed/);
    const output = new GpiodOutputLine('EPD RST', 'gpiochip1', 13, major, captureLogs().logger);
    await expect(output.write(1)).rejects.toThrow(HalError);
    await expect(output.read()).rejects.toThrow(/not written yet/);
    await output.close();
  });
});

describe('an input line both read and watched (charger lines)', () => {
  // No GPIO chip exists here. These stand-in tools keep the one rule of the kernel that matters:
  // a line has one owner, so gpioget fails with EBUSY while gpiomon holds the line.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-gpiod-'));
  const tool = (name: string, body: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/bash\nD=${dir}\n${body}\n`, { mode: 0o755 });
    return file;
  };
  const tools = {
    gpioget: tool(
      'gpioget',
      'if [ -e "$D/held-$1-$2" ]; then echo "gpioget: error reading GPIO values: Device or resource busy" >&2; exit 1; fi\ncat "$D/level-$1-$2"',
    ),
    gpiomon: tool(
      'gpiomon',
      [
        'chip="${@: -2:1}"; line="${@: -1}"',
        // The test appends events once the line is held: tail reads the file from its start, so an
        // event written before tail follows the file is still seen (the events file starts empty).
        'tail -n +1 -F "$D/events-$chip-$line" 2>/dev/null & tailer=$!',
        'touch "$D/held-$chip-$line"',
        'trap \'rm -f "$D/held-$chip-$line"; kill $tailer; exit 0\' TERM',
        'wait $tailer',
      ].join('\n'),
    ),
    gpioset: tool('gpioset', 'exit 1'),
  };
  const opened: GpiodInputLine[] = [];
  afterEach(async () => {
    for (const line of opened.splice(0)) await line.close();
  });

  it('reads the level gpiomon follows instead of asking gpioget for a line it cannot have', async () => {
    writeFileSync(path.join(dir, 'level-gpiochip1-9'), '0\n');
    writeFileSync(path.join(dir, 'events-gpiochip1-9'), '');
    const logs = captureLogs();
    const acok = new GpiodInputLine('CHG_ACOK_N', 'gpiochip1', 9, 1, logs.logger, tools);
    opened.push(acok);
    expect(await acok.read()).toBe(0);

    const edges: string[] = [];
    const unwatch = acok.watch('both', (event) => edges.push(event.edge));
    await eventually(() => existsSync(path.join(dir, 'held-gpiochip1-9')), 20_000, 'gpiomon holding the line');
    expect(await acok.read()).toBe(0);

    writeFileSync(path.join(dir, 'level-gpiochip1-9'), '1\n');
    appendFileSync(path.join(dir, 'events-gpiochip1-9'), '9 1\n');
    await eventually(() => edges.length === 1, 20_000, 'rising edge');
    expect(await acok.read()).toBe(1);

    unwatch();
    await eventually(() => !existsSync(path.join(dir, 'held-gpiochip1-9')), 20_000, 'line released');
    expect(await acok.read()).toBe(1);
    expect(edges).toEqual(['rising']);
    expect(logs.lines().filter((l) => (l.level as number) >= 40)).toEqual([]);
  });

  it('gives one object per line, so two users never request the same line twice', () => {
    const board = new RealHardware(mapioBoard, {
      gpiod: 1,
      logger: captureLogs().logger,
      rpio: () => {
        throw new Error('not needed for expander lines');
      },
      rpioSpi: () => {
        throw new Error('not needed for expander lines');
      },
    });
    expect(board.input(mapioBoard.charger.acokN, 'CHG_ACOK_N')).toBe(board.input(mapioBoard.charger.acokN, 'again'));
    expect(board.input(mapioBoard.charger.boostN, 'CHG_BOOST_N')).not.toBe(board.input(mapioBoard.charger.acokN, 'x'));
  });
});

describe('rpio (SoC outputs)', () => {
  it('refuses to run on a board rpio does not recognise instead of silently mocking it', () => {
    // This machine is not a Raspberry Pi: rpio would fall back to pretending.
    if (/Raspberry Pi/.test(safeRead('/proc/device-tree/model'))) return;
    expect(() => initRpio(rpio)).toThrow(/not a Raspberry Pi/);
  });

  it('drives a pin, and a newly opened line keeps the level (rpio mock board as a sanity check)', async () => {
    const mocked = initRpio(rpio, { mock: 'raspi-3' });
    const relay = new RpioOutputLine('relay', 25, mocked);
    await relay.write(1);
    expect(await relay.read()).toBe(1);
    await relay.close();
    const reopened = new RpioOutputLine('relay', 25, mocked);
    expect(await reopened.read()).toBe(1);
    await reopened.write(0);
    expect(await reopened.read()).toBe(0);
  });
});

describe('PMIC through vcgencmd', () => {
  it('tells the two PMICs apart and converts their registers to volts', () => {
    expect(parsePmicRegister('pmicrd 0x0 a0\n')).toBe(0xa0);
    expect(parsePmicRegister('read 0x1d 0xd2')).toBe(0xd2);
    expect(() => parsePmicRegister('error=1 error_msg="Command not registered"')).toThrow(/unexpected output/);
    expect(pmicModelFromId(0xa0)).toBe('MXL7704');
    expect(pmicModelFromId(0x3b)).toBe('DA9090');
    expect(batteryVoltsFromRegister('MXL7704', 0xd2)).toBe(4.2); // 2 * 210 / 100
    expect(batteryVoltsFromRegister('DA9090', 0x5d)).toBe(3.72); // 4 * 93 / 100
  });

  it('reports a missing vcgencmd as a hardware error', async () => {
    await expect(new VcgencmdPmic('/nonexistent/vcgencmd').readBatteryVolts()).rejects.toThrow(
      /vcgencmd pmicrd 0x0 failed/,
    );
  });
});

describeWithServices(['socat'], 'TIC line settings on a real pty', () => {
  let pty: PtyPair;
  let device: string;

  beforeAll(async () => {
    pty = await PtyPair.open();
    device = pty.device;
  });
  afterAll(() => pty.close());

  it.each([1200, 9600] as const)('asks stty for %i baud, 7 data bits, even parity, 1 stop bit, raw', (baud) => {
    expect(ticSttyArgs('/dev/ttyAMA3', baud)).toEqual([
      '-F', '/dev/ttyAMA3', String(baud), 'raw', 'cs7', 'parenb', '-parodd', '-cstopb', 'cread', 'clocal', '-crtscts', '-echo',
    ]);
  });

  it('runs stty for real; a pty applies the speed but refuses 7E1, which is reported with the device', async () => {
    // Linux ptys only do 8N1: that is why the simulation reads a pty without stty. The UART on the
    // board accepts these settings.
    await expect(sttyConfigurer(device, 9600)).rejects.toThrow(
      new RegExp(`stty on ${device.replace(/[/.]/g, '\\$&')} \\(9600 baud 7E1\\) failed`),
    );
    expect(execFileSync('stty', ['-F', device, '-a'], { encoding: 'utf8' })).toContain('speed 9600 baud');
  });

  it.each([1200, 9600] as const)('sets the simulated TIC port, a pty, to %i baud (the only setting a pty keeps)', async (baud) => {
    expect(ptySttyArgs(device, baud)).toEqual(['-F', device, String(baud), 'raw', '-echo']);
    const sim = await SimHardware.create(mkdtempSync(path.join(os.tmpdir(), 'mapio-sim-tty-')), mapioBoard, captureLogs().logger);
    const line = sim.serial(device);
    await line.open(baud);
    expect(execFileSync('stty', ['-F', device, '-a'], { encoding: 'utf8' })).toContain(`speed ${baud} baud`);
    await line.close();
    await sim.close();
  });

  it('names the device when stty fails', async () => {
    await expect(sttyConfigurer('/nonexistent/tty', 1200)).rejects.toThrow(/stty on \/nonexistent\/tty \(1200 baud 7E1\) failed/);
  });
});

function safeRead(file: string): string {
  try {
    return execFileSync('cat', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}
