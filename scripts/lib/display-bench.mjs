// scripts/bench-display: mapio-display's own numbers. Prints a table; no assertions.
//  1. render + pack time per view (frame canvas -> 1 bit -> controller RAM), median of RUNS;
//  2. button press -> first SPI byte, press -> "Wait..." shown, press -> next view shown, through the
//     simulated board's button FIFO, the display's own code and the SSD1680 emulator at panel speed;
//  3. the daemon's idle CPU use over IDLE_S seconds (sim, realistic panel), which spans a minute tick.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { MosquittoBroker, spawnDetached, stopProcess } from './processes.mjs';
import { median } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'packages/display/package.json'));
const dist = (file) => require(path.join(root, 'packages/display/dist', file));
const { packForRam, Ssd1680, Ssd1680Emulator, REALISTIC_TIMING } = require('@mapio/epd-waveshare');
const { BoardSession, mapioBoard } = require('@mapio/hal');
const { ButtonsFeature } = dist('buttons/buttons-feature.js');
const { LocalFacts } = dist('host/local-facts.js');
const { PanelScheduler } = dist('panel/panel-scheduler.js');
const { RefreshPolicy } = dist('panel/refresh-policy.js');
const { ScreenRenderer } = dist('render/screen-renderer.js');
const { floydSteinberg } = dist('render/dither.js');
const { ScreenController } = dist('screen/screen-controller.js');
const { DisplayStore } = dist('state/display-inputs.js');
const { CustomPhoto } = dist('views/custom-photo.js');
const { createLogger } = require('@mapio/runtime');

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const PRESSES = Number(process.env.BENCH_PRESSES ?? 10);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 65);
const TARGET = { renderMs: 10, firstByteMs: 100, idleCpuPercent: 1 };
const AT = '2026-11-26T10:00:00.000Z';
const position = { index: 2, count: 4 };
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-bench-'));
const logger = createLogger({ name: 'bench', level: 'silent', format: 'json' });

// ---- 1. render + pack per view ----
const grey = { width: 250, height: 122, pixels: Uint8Array.from({ length: 250 * 122 }, (_, i) => (i % 250) + 3) };
const screens = {
  home: { view: 'home', data: { clock: '12:34', ip: '192.168.1.20', osVersion: '1.4.0' } },
  system: { view: 'system', data: { cpuPercent: 12, ramPercent: 44, diskPercent: 71, uptimeSeconds: 277300, batteryVolts: 3.95, temperatureC: 48 } },
  webserver: {
    view: 'webserver',
    data: { enabled: true, address: '192.168.1.20:8456', qrUrl: 'http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4', loggedIn: true, accessPoint: { ssid: 'MAPIO', password: 'x7Kp2mQ9' } },
  },
  status: { view: 'status', data: { power: { state: 'charging', batteryPercent: 54, batteryVolts: 3.82, externalPower: true, at: AT }, internet: true, docker: { engine: 'running', running: 5, total: 7 } } },
  'custom (dither)': { view: 'custom', photo: null, grey },
  ota: { view: 'ota', data: { phase: 'installing', progress: 42, message: 'Copying image to rootfs.1', version: '1.4.0' } },
  init: { view: 'init', data: { phase: 'growing', message: 'Growing /dev/mmcblk1p4' } },
};
const renderer = new ScreenRenderer();
await renderer.prepare();
const renderTimes = {};
for (const [name, screen] of Object.entries(screens)) {
  const once = async () => {
    const started = performance.now();
    const frame = screen.grey ? floydSteinberg(screen.grey) : await renderer.render(screen, position);
    packForRam(frame);
    return performance.now() - started;
  };
  for (let i = 0; i < 5; i++) await once(); // warm-up: fonts, code paths
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  renderTimes[name] = times;
}

// ---- 2. press -> first SPI byte, through the simulated board ----
const simDir = path.join(scratch, 'hardware');
const board = new BoardSession({ hardware: 'sim', simDir }, mapioBoard, logger);
await board.start();
const emulator = new Ssd1680Emulator({ timing: REALISTIC_TIMING });
let pressedAt = null;
let awaitingFirstByte = false;
const latency = { firstByte: [], waitShown: [], viewShown: [] };
const transport = {
  reset: () => emulator.reset(),
  command: (code) => {
    if (awaitingFirstByte) {
      awaitingFirstByte = false;
      latency.firstByte.push(performance.now() - pressedAt);
    }
    return emulator.command(code);
  },
  data: (bytes) => emulator.data(bytes),
  waitIdle: (ms) => emulator.waitIdle(ms),
  close: () => emulator.close(),
};
let framesSincePress = 0;
emulator.onFrame(() => {
  if (pressedAt === null) return;
  framesSincePress++;
  const elapsed = performance.now() - pressedAt;
  if (framesSincePress === 1) latency.waitShown.push(elapsed);
  if (framesSincePress === 2) latency.viewShown.push(elapsed);
});
const scheduler = new PanelScheduler(new Ssd1680(transport), new RefreshPolicy({ fullEvery: 1000, fullAfterMs: 3_600_000, fullKind: 'full' }), logger);
const controller = new ScreenController({
  scheduler: () => scheduler,
  store: new DisplayStore(),
  facts: new LocalFacts({ dataDir: scratch }),
  customPhoto: new CustomPhoto(path.join(scratch, 'none.jpg'), logger),
  renderer,
  bus: { publish: () => undefined },
  logger,
});
await controller.start();
const buttons = new ButtonsFeature(board, 50, (button) => controller.press(button), logger);
buttons.start();
const settle = async () => {
  await controller.drawn();
  await scheduler.idle();
  await new Promise((r) => setTimeout(r, 50));
};
await settle();
for (let i = 0; i < PRESSES; i++) {
  framesSincePress = 0;
  awaitingFirstByte = true;
  pressedAt = performance.now();
  writeFileSync(path.join(simDir, 'buttons'), 'down\n');
  await new Promise((r) => setTimeout(r, 100));
  await settle();
  pressedAt = null;
}
buttons.stop();
controller.stop();
await board.stop();

// ---- 3. idle CPU of the daemon ----
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
};
const broker = await MosquittoBroker.start({ ownProcessGroup: true });
const watcher = await mqtt.connectAsync(broker.url);
let online = false;
watcher.on('message', (_topic, payload) => (online ||= payload.toString() === 'online'));
await watcher.subscribeAsync('mapio/display/availability');
const daemon = spawnDetached(process.execPath, [path.join(root, 'packages/display/dist/main.js')], {
  env: { PATH: process.env.PATH, MAPIO_MQTT_URL: broker.url, MAPIO_HARDWARE: 'sim', MAPIO_SIM_DIR: path.join(scratch, 'idle-hardware'), MAPIO_DATA_DIR: scratch, MAPIO_LOG_LEVEL: 'warn' },
});
daemon.stdout.resume();
daemon.stderr.resume();
while (!online) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 5000)); // first full refresh over
const before = ticks(daemon.pid);
const startedAt = performance.now();
process.stderr.write(`measuring mapio-display's idle CPU for ${IDLE_S} s...\n`);
await new Promise((r) => setTimeout(r, IDLE_S * 1000));
const cpuSeconds = (ticks(daemon.pid) - before) / 100; // USER_HZ is 100 on Linux
const idleCpuPercent = (100 * cpuSeconds) / ((performance.now() - startedAt) / 1000);
const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${daemon.pid}/status`, 'utf8'))[1]) / 1024;
await stopProcess(daemon);
await watcher.endAsync();
await broker.destroy();

// ---- report ----
const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`\nmapio-display bench (${os.cpus().length} CPUs ${os.cpus()[0]?.model ?? ''}, node ${process.version})`);
console.log(`\nrender + pack per view, median (p90) of ${RUNS} runs             target <= ${TARGET.renderMs} ms`);
for (const [name, times] of Object.entries(renderTimes)) {
  const p90 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)];
  console.log(`  ${name.padEnd(18)}${fmt(median(times))} ms  (${p90.toFixed(1)})   ${median(times) <= TARGET.renderMs ? 'ok' : 'OVER TARGET'}`);
}
console.log(`\nDOWN pressed on the simulated board, panel at real speed, median of ${PRESSES} presses`);
console.log(`  press -> first SPI byte   ${fmt(median(latency.firstByte))} ms   target <= ${TARGET.firstByteMs} ms  ${median(latency.firstByte) <= TARGET.firstByteMs ? 'ok' : 'OVER TARGET'}`);
console.log(`    (includes the 42 ms hardware reset pulse that wakes the panel from deep sleep)`);
console.log(`  press -> "Wait..." shown  ${fmt(median(latency.waitShown))} ms`);
console.log(`  press -> next view shown  ${fmt(median(latency.viewShown))} ms   (after the 0.3 s partial refresh of the box)`);
console.log(`\nidle daemon (sim, realistic panel) over ${IDLE_S} s`);
console.log(`  CPU ${idleCpuPercent.toFixed(2)} %   target < ${TARGET.idleCpuPercent} %  ${idleCpuPercent < TARGET.idleCpuPercent ? 'ok' : 'OVER TARGET'}`);
console.log(`  RSS ${rssMb.toFixed(1)} MB`);
process.exit(0);
