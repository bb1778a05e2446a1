import {
  blankImage,
  BLACK,
  EpdBusyTimeoutError,
  EpdStateError,
  FAST_TIMING,
  packForRam,
  PANEL,
  Ssd1680,
  Ssd1680Emulator,
  Ssd1680ProtocolError,
  type EmulatedFrame,
  type TraceEvent,
} from '@mapio/epd-waveshare';

/** A RAM image with a black square at (x, y). */
function pictureWithSquare(x: number, y: number, size = 20): Uint8Array {
  const image = blankImage(PANEL.width, PANEL.height);
  for (let dy = 0; dy < size; dy++) {
    for (let dx = 0; dx < size; dx++) image.pixels[(y + dy) * PANEL.width + x + dx] = BLACK;
  }
  return packForRam(image);
}

const bytes = (events: TraceEvent[]) =>
  events.map((event) => (event.kind === 'command' ? [event.code, ...event.data] : event.kind));

function setup(options: { timing?: typeof FAST_TIMING } = {}) {
  const emulator = new Ssd1680Emulator({ timing: options.timing ?? FAST_TIMING, trace: true });
  const driver = new Ssd1680(emulator);
  const frames: EmulatedFrame[] = [];
  emulator.onFrame((frame) => frames.push(frame));
  return { emulator, driver, frames };
}

describe('SSD1680 driver against the emulator', () => {
  describe('init', () => {
    it('sends the documented SSD1680 init sequence, byte for byte (docs/hardware.md)', async () => {
      const { emulator, driver } = setup();
      await driver.init();
      expect(bytes(emulator.trace)).toEqual([
        'reset',
        'waitIdle',
        [0x12],
        'waitIdle',
        [0x01, 0xf9, 0x00, 0x00],
        [0x11, 0x03],
        [0x44, 0x00, 0x0f],
        [0x45, 0x00, 0x00, 0xf9, 0x00],
        [0x4e, 0x00],
        [0x4f, 0x00, 0x00],
        [0x3c, 0x05],
        [0x21, 0x00, 0x80],
        [0x18, 0x80],
        'waitIdle',
      ]);
    });
  });

  describe('full refresh', () => {
    it('shows the picture, writes it to both RAMs (base image) and renders one full frame', async () => {
      const { emulator, driver, frames } = setup();
      const picture = pictureWithSquare(30, 40);
      await driver.displayFull(picture);
      expect(Buffer.from(emulator.shownRamImage).equals(Buffer.from(picture))).toBe(true);
      expect(Buffer.from(emulator.ramPlane(0x24)).equals(Buffer.from(picture))).toBe(true);
      expect(Buffer.from(emulator.ramPlane(0x26)).equals(Buffer.from(picture))).toBe(true);
      expect(emulator.refreshes).toEqual({ full: 1, fast: 0, partial: 0 });
      expect(frames.map((f) => f.kind)).toEqual(['full']);
      expect(frames[0]?.png.subarray(1, 4).toString()).toBe('PNG');
      const updates = emulator.trace.filter((e) => e.kind === 'command' && e.code === 0x22);
      expect(updates.map((e) => (e.kind === 'command' ? e.data : []))).toEqual([[0xf7]]);
    });

    it('clears the panel to white', async () => {
      const { emulator, driver } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      await driver.clear();
      expect(emulator.shownImage.pixels.every((p) => p === 255)).toBe(true);
    });
  });

  describe('fast refresh (V4)', () => {
    it('loads the temperature, forces it, loads the waveform, then displays with 0xC7', async () => {
      const { emulator, driver } = setup();
      const picture = pictureWithSquare(100, 50);
      await driver.displayFast(picture);
      expect(emulator.refreshes).toEqual({ full: 0, fast: 1, partial: 0 });
      expect(Buffer.from(emulator.shownRamImage).equals(Buffer.from(picture))).toBe(true);
      const tail = bytes(emulator.trace).filter((e) => Array.isArray(e) && [0x22, 0x20, 0x1a].includes(e[0] ?? -1));
      expect(tail).toEqual([[0x22, 0xb1], [0x20], [0x1a, 0x64, 0x00], [0x22, 0x91], [0x20], [0x22, 0xc7], [0x20]]);
    });
  });

  describe('partial refresh', () => {
    it('keeps RAM 0x26 equal to the picture shown, refresh after refresh', async () => {
      const { emulator, driver, frames } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      for (const x of [20, 60, 100, 140]) {
        const picture = pictureWithSquare(x, 50);
        await driver.displayPartial(picture);
        expect(Buffer.from(emulator.shownRamImage).equals(Buffer.from(picture))).toBe(true);
        expect(Buffer.from(emulator.ramPlane(0x26)).equals(emulator.shownRamImage)).toBe(true);
      }
      expect(emulator.refreshes).toEqual({ full: 1, fast: 0, partial: 4 });
      expect(frames.map((f) => f.staleReferencePixels)).toEqual([0, 0, 0, 0, 0]);
    });

    it('starts with the documented reset pulse, border 0x80 and update sequence 0xFF', async () => {
      const { emulator, driver } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      emulator.trace.length = 0;
      await driver.displayPartial(pictureWithSquare(5, 5));
      const events = bytes(emulator.trace);
      expect(events[0]).toBe('reset');
      expect(events).toContainEqual([0x3c, 0x80]);
      expect(events).toContainEqual([0x22, 0xff]);
      const write24 = events.findIndex((e) => Array.isArray(e) && e[0] === 0x24);
      const activate = events.findIndex((e) => Array.isArray(e) && e[0] === 0x20);
      const write26 = events.findIndex((e) => Array.isArray(e) && e[0] === 0x26);
      expect(write24).toBeLessThan(activate);
      expect(activate).toBeLessThan(write26);
    });

    it('wakes the panel from deep sleep with a hardware reset', async () => {
      const { emulator, driver } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      await driver.sleep();
      expect(emulator.sleeping).toBe(true);
      const picture = pictureWithSquare(200, 90);
      await driver.displayPartial(picture);
      expect(emulator.sleeping).toBe(false);
      expect(Buffer.from(emulator.shownRamImage).equals(Buffer.from(picture))).toBe(true);
    });

    it('is refused before any base image, since the reference RAM would be garbage', async () => {
      const { driver } = setup();
      await expect(driver.displayPartial(pictureWithSquare(0, 0))).rejects.toThrow(EpdStateError);
      await expect(driver.displayPartial(pictureWithSquare(0, 0))).rejects.toThrow(/needs a base image/);
    });

    it('is flagged by the emulator when the reference RAM does not match the panel (what the sync prevents)', async () => {
      const { emulator, driver, frames } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      // A driver that forgot to keep 0x26 in sync: write only 0x24 and refresh twice.
      const partialWithoutSync = async (picture: Uint8Array) => {
        await emulator.reset();
        for (const [code, ...data] of [[0x01, 0xf9, 0, 0], [0x44, 0, 15], [0x45, 0, 0, 0xf9, 0], [0x4e, 0], [0x4f, 0, 0]]) {
          await emulator.command(code ?? 0);
          await emulator.data(Uint8Array.from(data));
        }
        await emulator.command(0x24);
        await emulator.data(picture);
        await emulator.command(0x22);
        await emulator.data(Uint8Array.of(0xff));
        await emulator.command(0x20);
        await emulator.waitIdle(1000);
      };
      await partialWithoutSync(pictureWithSquare(50, 50));
      await partialWithoutSync(pictureWithSquare(100, 50));
      // The second partial compared against the first picture: both squares (2 x 400 pixels) would ghost.
      expect(frames.map((f) => f.staleReferencePixels)).toEqual([0, 0, 800]);
    });
  });

  describe('deep sleep', () => {
    it('sends 0x10 0x01, after which the emulator accepts nothing but a reset', async () => {
      const { emulator, driver } = setup();
      await driver.displayFull(pictureWithSquare(0, 0));
      await driver.sleep();
      expect(bytes(emulator.trace).at(-1)).toEqual([0x10, 0x01]);
      await expect(emulator.command(0x24)).rejects.toThrow(/deep sleep: only a hardware reset wakes/);
      await driver.displayFull(pictureWithSquare(1, 1));
      expect(emulator.refreshes.full).toBe(2);
    });
  });

  describe('BUSY timeout', () => {
    it('raises a clear error when BUSY stays high, and recovers with a reset on the next update', async () => {
      // A panel stuck far longer than any loaded machine could delay the 50 ms timeout: the error
      // itself proves the driver gave up while BUSY was still high.
      const timing = { ...FAST_TIMING, fullMs: 600_000 };
      const emulator = new Ssd1680Emulator({ timing });
      const driver = new Ssd1680(emulator, { full: 50 });
      const failure = driver.displayFull(pictureWithSquare(0, 0));
      await expect(failure).rejects.toThrow(EpdBusyTimeoutError);
      await expect(failure).rejects.toThrow('e-paper BUSY still high 50 ms after full refresh: the panel is not responding');
      expect(driver.shown).toBeNull();
      timing.fullMs = 5; // the panel works again
      await driver.displayFull(pictureWithSquare(0, 0)); // the reset aborts the stuck refresh
      expect(emulator.refreshes.full).toBe(2);
    });

    it('times out when the panel is asleep (BUSY stays high in deep sleep)', async () => {
      const { emulator } = setup();
      await emulator.command(0x10);
      await emulator.data(Uint8Array.of(0x01));
      expect(await emulator.waitIdle(20)).toBe(false);
    });
  });

  describe('one operation at a time', () => {
    it('refuses an update while another runs', async () => {
      const { driver } = setup();
      const first = driver.displayFull(pictureWithSquare(0, 0));
      await expect(driver.displayFull(pictureWithSquare(1, 1))).rejects.toThrow(/while full refresh is in progress/);
      await first;
    });
  });
});

describe('SSD1680 emulator rejects protocol errors', () => {
  async function send(emulator: Ssd1680Emulator, sequence: number[][]) {
    for (const [code, ...data] of sequence) {
      await emulator.command(code ?? 0);
      if (data.length > 0) await emulator.data(Uint8Array.from(data));
    }
  }
  const geometry = [[0x01, 0xf9, 0, 0], [0x11, 0x03]];
  const windowAndCursor = [[0x44, 0, 15], [0x45, 0, 0, 0xf9, 0], [0x4e, 0], [0x4f, 0, 0]];

  let emulator: Ssd1680Emulator;
  beforeEach(async () => {
    emulator = new Ssd1680Emulator({ timing: FAST_TIMING });
    await emulator.reset();
  });

  it('a RAM write before the window and cursor are set', async () => {
    await send(emulator, geometry);
    await expect(emulator.command(0x24)).rejects.toThrow(
      'write RAM 0x24 before the RAM window (0x44, 0x45) and address counter (0x4E, 0x4F) were set since the last reset',
    );
  });

  it('a window outside the panel', async () => {
    await expect(send(emulator, [[0x44, 0, 0x15]])).rejects.toThrow('RAM X window end 21 is outside the panel (0..15)');
    await expect(send(emulator, [[0x45, 0, 0, 0x27, 0x01]])).rejects.toThrow('RAM Y window end 295 is outside the panel (0..249)');
  });

  it('a command while BUSY', async () => {
    await send(emulator, [[0x12]]);
    await expect(emulator.command(0x01)).rejects.toThrow('command 0x01 (driver output control) while BUSY');
  });

  it('anything but a hardware reset in deep sleep', async () => {
    await send(emulator, [[0x10, 0x01]]);
    await expect(emulator.data(Uint8Array.of(0))).rejects.toThrow(/in deep sleep/);
    await emulator.reset();
    await send(emulator, geometry);
  });

  it('more RAM bytes than the window holds', async () => {
    await send(emulator, [...geometry, ...windowAndCursor]);
    await emulator.command(0x24);
    await emulator.data(new Uint8Array(PANEL.ramBytes));
    await expect(emulator.data(Uint8Array.of(0))).rejects.toThrow(/more bytes than the RAM window holds/);
  });

  it('a command cut short, data without a command, an unknown command', async () => {
    await emulator.command(0x45);
    await emulator.data(Uint8Array.of(0, 0));
    await expect(emulator.command(0x11)).rejects.toThrow('RAM Y window (0x45) got 2 of 4 data byte(s) before the next command');
    await expect(emulator.data(Uint8Array.of(1))).rejects.toThrow('1 data byte(s) without a command before them');
    await expect(emulator.command(0x99)).rejects.toThrow('unknown command 0x99');
  });

  it('an activation without update control, or a display update without the panel geometry', async () => {
    await expect(send(emulator, [[0x20]])).rejects.toThrow(/without display update control \(0x22\)/);
    await expect(send(emulator, [[0x22, 0xf7], [0x20]])).rejects.toThrow(/before driver output control \(0x01\)/);
    await expect(send(emulator, [[0x01, 0x27, 0x01, 0]])).rejects.toThrow('driver output control sets 296 gates; this panel has 250');
  });

  it('throws Ssd1680ProtocolError, so callers can tell a driver bug from a panel failure', async () => {
    await expect(emulator.command(0x99)).rejects.toBeInstanceOf(Ssd1680ProtocolError);
  });
});
