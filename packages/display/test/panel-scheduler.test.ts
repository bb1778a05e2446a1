import { blankImage, BLACK, FAST_TIMING, packForRam, Ssd1680, Ssd1680Emulator, type EmulatedFrame, type MonoImage } from '@mapio/epd-waveshare';
import { captureLogs } from '@mapio/testkit';
import { PanelScheduler } from '../src/panel/panel-scheduler';
import { RefreshPolicy } from '../src/panel/refresh-policy';

function frameWithSquare(x: number): MonoImage {
  const image = blankImage(250, 122);
  for (let dy = 0; dy < 10; dy++) for (let dx = 0; dx < 10; dx++) image.pixels[(50 + dy) * 250 + x + dx] = BLACK;
  return image;
}

function setup(options: { timing?: typeof FAST_TIMING; partialTimeoutMs?: number; fullEvery?: number } = {}) {
  const emulator = new Ssd1680Emulator({ timing: options.timing ?? FAST_TIMING });
  const frames: EmulatedFrame[] = [];
  emulator.onFrame((frame) => frames.push(frame));
  const { logger, lines } = captureLogs();
  const driver = new Ssd1680(emulator, options.partialTimeoutMs ? { partial: options.partialTimeoutMs } : {});
  const policy = new RefreshPolicy({ fullEvery: options.fullEvery ?? 5, fullAfterMs: 3_600_000, fullKind: 'full' });
  const scheduler = new PanelScheduler(driver, policy, logger);
  const errors = () => lines().filter((line) => (line.level as number) >= 50);
  const shows = (image: MonoImage) => Buffer.from(emulator.shownRamImage).equals(Buffer.from(packForRam(image)));
  return { emulator, frames, scheduler, errors, shows };
}

describe('the panel queue', () => {
  it('draws the first frame with a full refresh, then partial ones, and sleeps in between', async () => {
    const { emulator, frames, scheduler } = setup();
    scheduler.show(frameWithSquare(0));
    await scheduler.idle();
    expect(emulator.sleeping).toBe(true);
    scheduler.show(frameWithSquare(20));
    await scheduler.idle();
    expect(frames.map((f) => f.kind)).toEqual(['full', 'partial']);
    expect(emulator.sleeping).toBe(true);
  });

  it('draws only the latest of the frames that came during a refresh', async () => {
    const { frames, scheduler, shows } = setup();
    const last = frameWithSquare(200);
    scheduler.show(frameWithSquare(0));
    scheduler.show(frameWithSquare(50));
    scheduler.show(frameWithSquare(100));
    scheduler.show(last);
    await scheduler.idle();
    expect(frames).toHaveLength(2);
    expect(shows(last)).toBe(true);
  });

  it('never starts a refresh while another runs, however frames arrive', async () => {
    const { emulator, scheduler, errors, shows } = setup();
    let last = frameWithSquare(0);
    for (let i = 0; i < 40; i++) {
      last = frameWithSquare((i * 37) % 240);
      scheduler.show(last);
      await new Promise((r) => setTimeout(r, (i * 7) % 13));
    }
    await scheduler.idle();
    // The emulator rejects any command while BUSY and the driver any overlapping call: none happened.
    expect(errors()).toEqual([]);
    expect(shows(last)).toBe(true);
    expect(emulator.refreshes.full).toBeGreaterThanOrEqual(1);
  });

  it('does not refresh for a frame equal to what the panel shows', async () => {
    const { frames, scheduler } = setup();
    scheduler.show(frameWithSquare(0));
    await scheduler.idle();
    scheduler.show(frameWithSquare(0));
    await scheduler.idle();
    expect(frames).toHaveLength(1);
  });

  it('does a full refresh after 5 partial ones, but draws the "Wait..." box partially', async () => {
    const { frames, scheduler } = setup();
    for (let i = 0; i < 7; i++) {
      scheduler.show(frameWithSquare(i * 20));
      await scheduler.idle();
    }
    scheduler.show(frameWithSquare(200), { transient: true });
    await scheduler.idle();
    expect(frames.map((f) => f.kind)).toEqual(['full', 'partial', 'partial', 'partial', 'partial', 'partial', 'full', 'partial']);
  });

  it('logs a failed refresh and draws the next frame with a full one', async () => {
    const timing = { ...FAST_TIMING, partialMs: 200 };
    const { frames, scheduler, errors, shows } = setup({ timing, partialTimeoutMs: 20 });
    scheduler.show(frameWithSquare(0));
    await scheduler.idle();
    scheduler.show(frameWithSquare(20));
    await scheduler.idle();
    expect(errors()).toEqual([expect.objectContaining({ kind: 'partial', msg: 'e-paper refresh failed: the next one will be full' })]);
    expect(String(errors()[0]?.err)).toContain('BUSY still high 20 ms after partial refresh');
    timing.partialMs = 5;
    const next = frameWithSquare(40);
    scheduler.show(next);
    await scheduler.idle();
    expect(frames.map((f) => f.kind)).toEqual(['full', 'partial', 'full']);
    expect(shows(next)).toBe(true);
  });

  it('drops waiting frames at stop and lets the refresh under way finish', async () => {
    const { frames, scheduler } = setup();
    scheduler.show(frameWithSquare(0));
    scheduler.show(frameWithSquare(10));
    await scheduler.stop(1000);
    scheduler.show(frameWithSquare(20));
    await scheduler.idle();
    expect(frames).toHaveLength(1);
  });
});
