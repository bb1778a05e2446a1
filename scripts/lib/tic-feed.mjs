// scripts/tic-feed: plays a Linky meter into the simulator's TIC pty (see README, mapio-gpio-ha).
import { constants, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { encodeTicFrame } = (await import(path.join(root, 'packages/gpio-ha/dist/index.js'))).default;

const usage = `usage: scripts/tic-feed [historic|standard] [--device PATH] [--period MS] [--power VA] [--bad-every N]
       scripts/tic-feed replay CAPTURE.bin [--device PATH] [--period MS]
  Sends a Linky meter's frames (correct checksums, indexes growing with the power drawn) into the
  simulator's TIC pty. --bad-every N flips one byte of every Nth frame. The tariff period changes
  every minute. "replay" sends a recorded capture (e.g. packages/gpio-ha/test/fixtures/tic-real/*.bin)
  again every period, an EOT after each copy. Ctrl-C stops.`;

function fail() {
  console.error(usage);
  process.exit(64);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      device: { type: 'string' },
      period: { type: 'string' },
      power: { type: 'string', default: '1500' },
      'bad-every': { type: 'string', default: '0' },
    },
  });
} catch {
  fail();
}
const { values, positionals } = parsed;
const mode = positionals[0] ?? 'historic';
const replayFile = mode === 'replay' ? positionals[1] : undefined;
const simHome = path.resolve(process.env.MAPIO_SIM_HOME ?? path.join(root, '.sim'));
const device = values.device ?? path.join(simHome, 'hardware', 'tic-meter');
const periodMs = Number(values.period ?? (mode === 'historic' ? '1500' : mode === 'replay' ? '5000' : '1000'));
const powerVA = Number(values.power);
const badEvery = Number(values['bad-every']);
const expectedPositionals = mode === 'replay' ? 2 : 1;
if (!['historic', 'standard', 'replay'].includes(mode) || positionals.length > expectedPositionals || (mode === 'replay' && !replayFile)) fail();
if (!(periodMs > 0) || !(powerVA >= 0) || !(badEvery >= 0)) fail();

let capture = null;
if (replayFile) {
  try {
    capture = Buffer.concat([readFileSync(replayFile), Buffer.from([0x04])]);
  } catch (error) {
    console.error(`tic-feed: cannot read ${replayFile} (${error.message})`);
    process.exit(1);
  }
}

let handle;
try {
  handle = await open(device, constants.O_WRONLY | constants.O_NOCTTY);
} catch (error) {
  console.error(`tic-feed: cannot open ${device} (${error.message}); is scripts/sim running (it needs socat)?`);
  process.exit(1);
}

const startedAt = Date.now();
let energyWh = 12_345_000;
let frames = 0;

function groups(peak) {
  const index = (wh) => String(Math.floor(wh)).padStart(9, '0');
  if (mode === 'historic') {
    return [
      { label: 'ADCO', value: '021728123456' },
      { label: 'OPTARIF', value: 'HC..' },
      { label: 'ISOUSC', value: '30' },
      { label: 'HCHC', value: index(energyWh * 0.4) },
      { label: 'HCHP', value: index(energyWh * 0.6) },
      { label: 'PTEC', value: peak ? 'HP..' : 'HC..' },
      { label: 'IINST', value: String(Math.round(powerVA / 230)).padStart(3, '0') },
      { label: 'IMAX', value: '090' },
      { label: 'PAPP', value: String(Math.round(powerVA)).padStart(5, '0') },
      { label: 'HHPHC', value: 'A' },
      { label: 'MOTDETAT', value: '000000' },
    ];
  }
  return [
    { label: 'ADSC', value: '021728123456' },
    { label: 'VTIC', value: '02' },
    { label: 'NGTF', value: '  HEURES CREUSES  '.slice(0, 16) },
    { label: 'LTARF', value: peak ? ' HEURES  PLEINES' : ' HEURES  CREUSES' },
    { label: 'EAST', value: index(energyWh) },
    { label: 'EASF01', value: index(energyWh * 0.4) },
    { label: 'EASF02', value: index(energyWh * 0.6) },
    { label: 'IRMS1', value: String(Math.round(powerVA / 230)).padStart(3, '0') },
    { label: 'URMS1', value: '231' },
    { label: 'SINSTS', value: String(Math.round(powerVA)).padStart(5, '0') },
    { label: 'STGE', value: '003A0000' },
    { label: 'MSG1', value: 'PAS DE          MESSAGE         ' },
  ];
}

async function tick() {
  frames += 1;
  if (capture) {
    await handle.write(capture);
    return;
  }
  energyWh += (powerVA * periodMs) / 3_600_000;
  const peak = Math.floor((Date.now() - startedAt) / 60_000) % 2 === 0;
  const bytes = encodeTicFrame(mode, groups(peak));
  if (badEvery > 0 && frames % badEvery === 0) bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  await handle.write(bytes);
}

const what = capture ? `${path.basename(replayFile)} replayed` : `${mode} frames`;
console.log(`tic-feed: ${what} every ${periodMs} ms into ${device}${capture ? '' : ` (${powerVA} VA)`}; Ctrl-C stops`);
const timer = setInterval(() => tick().catch((error) => console.error(`tic-feed: ${error.message}`)), periodMs);
await tick();
process.on('SIGINT', async () => {
  clearInterval(timer);
  await handle.close();
  console.log(`tic-feed: ${frames} ${capture ? 'copies' : 'frames'} sent`);
  process.exit(0);
});
