import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BoardDescription, BoardSession, HalError, LED_COLOURS, mapioBoard, rgbLed, SimHardware, type EdgeEvent } from '@mapio/hal';
import { captureLogs, eventually } from '@mapio/testkit';

const newSimDir = () => mkdtempSync(path.join(os.tmpdir(), 'mapio-sim-test-'));
const read = (root: string, ...parts: string[]) => readFileSync(path.join(root, ...parts), 'utf8').trim();

describe('board description', () => {
  it('has the MAPIO defaults of docs/hardware.md', () => {
    expect(mapioBoard.relay).toEqual({ chip: 'gpiochip0', line: 25 });
    expect(mapioBoard.buttons).toEqual({
      mid: { chip: 'gpiochip0', line: 18 },
      down: { chip: 'gpiochip1', line: 0 },
      up: { chip: 'gpiochip1', line: 1 },
    });
    expect(mapioBoard.charger).toEqual({ acokN: { chip: 'gpiochip1', line: 9 }, boostN: { chip: 'gpiochip1', line: 10 } });
    expect(mapioBoard.epd).toMatchObject({
      busy: { line: 12 },
      reset: { line: 13 },
      dc: { line: 14 },
      spi: { bus: 0, chipSelect: 0, clockHz: 4_000_000 },
      width: 250,
      height: 122,
    });
    expect(mapioBoard.tic.device).toBe('/dev/ttyAMA3');
  });

  it('lets a variant override only what differs, and rejects nonsense', () => {
    const board = BoardDescription.parse({ relay: { chip: 'gpiochip2', line: 4 }, tic: { device: '/dev/ttyUSB0' } });
    expect(board.relay).toEqual({ chip: 'gpiochip2', line: 4 });
    expect(board.buttons.mid).toEqual({ chip: 'gpiochip0', line: 18 });
    expect(BoardDescription.safeParse({ relay: { chip: 'gpio0', line: 4 } }).success).toBe(false);
  });
});

describe('simulated hardware files', () => {
  it('creates the documented layout with a plausible board state', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    expect(read(root, 'gpio', 'gpiochip0', '25')).toBe('0');
    expect(read(root, 'gpio', 'gpiochip1', '9')).toBe('0'); // external power present
    expect(read(root, 'gpio', 'gpiochip1', '10')).toBe('1'); // not on battery
    expect(read(root, 'pmic', 'battery_volts')).toBe('3.95');
    expect(read(root, 'leds', 'LED3_G', 'brightness')).toBe('0');
    expect(read(root, 'leds', 'LED1_R', 'trigger')).toBe('none');
    expect(sim.epdFrameDir).toBe(path.join(root, 'epd'));
    await sim.close();
  });

  it('keeps existing files, so state survives a daemon restart and tests can seed it', async () => {
    const root = newSimDir();
    await (await SimHardware.create(root, mapioBoard, captureLogs().logger)).close();
    writeFileSync(path.join(root, 'gpio', 'gpiochip0', '25'), '1\n');
    writeFileSync(path.join(root, 'pmic', 'battery_volts'), '3.41\n');
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    expect(await sim.output(mapioBoard.relay, 'relay').read()).toBe(1);
    expect(await sim.pmic().readBatteryVolts()).toBe(3.41);
    await sim.close();
  });
});

describe('simulated GPIO', () => {
  it('writes outputs to their file and never changes the level just by opening', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    const relay = sim.output(mapioBoard.relay, 'relay');
    await relay.write(1);
    expect(read(root, 'gpio', 'gpiochip0', '25')).toBe('1');
    const again = sim.output(mapioBoard.relay, 'relay');
    expect(await again.read()).toBe(1);
    expect(read(root, 'gpio', 'gpiochip0', '25')).toBe('1');
    await sim.close();
  });

  it('reports an input rewritten from outside as an edge', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    const acok = sim.input(mapioBoard.charger.acokN, 'CHG_ACOK_N');
    const events: EdgeEvent[] = [];
    const unwatch = acok.watch('both', (event) => events.push(event));
    expect(await acok.read()).toBe(0); // the reference level is known from here on
    await writeFile(path.join(root, 'gpio', 'gpiochip1', '9'), '1\n'); // like `echo 1 > ...`
    await eventually(() => events.length === 1, 20_000, 'rising edge');
    await writeFile(path.join(root, 'gpio', 'gpiochip1', '9'), '0\n');
    await eventually(() => events.length === 2, 20_000, 'falling edge');
    expect(events.map((e) => e.edge)).toEqual(['rising', 'falling']);
    expect(await acok.read()).toBe(0);
    unwatch();
    await sim.close();
  });

  it('reports an edge seen by a read before the file change event arrives, once', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    const busyFile = path.join(root, 'gpio', 'gpiochip1', '12');
    writeFileSync(busyFile, '1\n');
    const busy = sim.input(mapioBoard.epd.busy, 'EPD BUSY');
    const events: EdgeEvent[] = [];
    busy.watch('both', (event) => events.push(event));
    expect(await busy.read()).toBe(1); // the reference level, not an edge
    writeFileSync(busyFile, '0\n');
    expect(await busy.read()).toBe(0); // read before inotify reports the change...
    // ...which then finds nothing new. A change of another line of the same chip, reported after
    // it by the same directory watch, shows that the change of BUSY has been handled.
    const boost = sim.input(mapioBoard.charger.boostN, 'CHG_BOOST_N');
    const boostEdges: EdgeEvent[] = [];
    boost.watch('both', (event) => boostEdges.push(event));
    const boostLevel = await boost.read();
    writeFileSync(path.join(root, 'gpio', 'gpiochip1', '10'), `${1 - boostLevel}\n`);
    await eventually(() => boostEdges.length === 1, 20_000, 'the edge of the other line');
    expect(events.map((e) => e.edge)).toEqual(['falling']);
    await sim.close();
  });

  it('rejects a line file holding something other than 0 or 1, naming it', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    writeFileSync(path.join(root, 'gpio', 'gpiochip1', '10'), 'maybe\n');
    await expect(sim.input(mapioBoard.charger.boostN, 'CHG_BOOST_N').read()).rejects.toThrow(
      /gpiochip1\/10: expected 0 or 1, read "maybe"/,
    );
    await sim.close();
  });
});

describe('simulated buttons', () => {
  it('turns each line written to the buttons FIFO into a press of that button', async () => {
    const root = newSimDir();
    const logs = captureLogs();
    const sim = await SimHardware.create(root, mapioBoard, logs.logger);
    const pressed: string[] = [];
    for (const name of ['up', 'down', 'mid'] as const) {
      sim.input(mapioBoard.buttons[name], `button ${name}`).watch('falling', () => pressed.push(name));
    }
    const fifo = path.join(root, 'buttons');
    await eventually(async () => {
      try {
        return (await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK)).close().then(() => true);
      } catch {
        return false;
      }
    }, 20_000, 'FIFO open for reading');
    const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    await writer.write('down\nup\n');
    await writer.write('sideways\nmid\n');
    await writer.close();
    await eventually(() => pressed.length === 3, 20_000, 'three presses');
    expect(pressed).toEqual(['down', 'up', 'mid']);
    expect(logs.lines().find((l) => l.msg === 'simulated buttons: expected up, down or mid')).toMatchObject({
      input: 'sideways',
    });
    await sim.close();
  });
});

describe('LEDs and PMIC', () => {
  it('drives an RGB LED through the sysfs-like files, blinking with the timer trigger', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    await rgbLed(sim, 'LED3').show(LED_COLOURS.green, true);
    expect([read(root, 'leds', 'LED3_G', 'brightness'), read(root, 'leds', 'LED3_G', 'trigger')]).toEqual(['1', 'timer']);
    expect([read(root, 'leds', 'LED3_R', 'brightness'), read(root, 'leds', 'LED3_R', 'trigger')]).toEqual(['0', 'none']);
    await rgbLed(sim, 'LED1').show(LED_COLOURS.orange);
    expect(['R', 'G', 'B'].map((c) => read(root, 'leds', `LED1_${c}`, 'brightness'))).toEqual(['1', '1', '0']);
    expect(await sim.led('LED1_R').read()).toEqual({ brightness: 1, trigger: 'none' });
    await sim.close();
  });

  it('reads the battery voltage; empty means no battery; garbage is an error naming the file', async () => {
    const root = newSimDir();
    const sim = await SimHardware.create(root, mapioBoard, captureLogs().logger);
    const file = path.join(root, 'pmic', 'battery_volts');
    writeFileSync(file, '4.12\n');
    expect(await sim.pmic().readBatteryVolts()).toBe(4.12);
    writeFileSync(file, '');
    expect(await sim.pmic().readBatteryVolts()).toBeNull();
    writeFileSync(file, 'full');
    await expect(sim.pmic().readBatteryVolts()).rejects.toThrow(HalError);
    await expect(sim.pmic().readBatteryVolts()).rejects.toThrow(/battery_volts: expected a battery voltage/);
    await sim.close();
  });
});

describe('the board as a daemon feature', () => {
  it('is opened by start(), refuses to be used before, and closes on stop()', async () => {
    const root = newSimDir();
    const session = new BoardSession({ hardware: 'sim', simDir: root }, mapioBoard, captureLogs().logger);
    expect(() => session.hardware).toThrow(/used before it was opened/);
    await session.start();
    expect(session.hardware.kind).toBe('sim');
    expect(read(root, 'gpio', 'gpiochip0', '25')).toBe('0');
    await session.stop();
    expect(() => session.hardware).toThrow(/used before it was opened/);
  });
});
