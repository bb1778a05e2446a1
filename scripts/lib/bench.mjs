// scripts/bench: the daemons as the systemd units start them (release bundle when built, node flags
// and environment from systemd-units/mapio-node.env), median of RUNS runs, beside a bare `node`
// measured in the same runs: spawn -> retained `online`, idle RSS after IDLE_MS, idle CPU over
// CPU_MS; then webserver-back on a private dockerd, RSS before / during / SETTLE_MS after CLIENTS
// clients x BURST_S s on legacy GET /docker. Prints a table with the targets; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mqtt from 'mqtt';
import { pairedHeaders, startBenchEngine } from './bench-engine.mjs';
import { readNodeEnv } from './node-env.mjs';
import { freePort, MosquittoBroker, spawnDetached, stopProcess } from './processes.mjs';
import { cpuSeconds, rssMb } from './proc-usage.mjs';
import { tarballName } from './release-layout.mjs';
import { median } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAEMONS = ['display', 'gpio-ha', 'webserver-back'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const CPU_MS = Number(process.env.BENCH_CPU_MS ?? 30_000);
const BURST_S = Number(process.env.BENCH_BURST_S ?? 10);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 10_000);
const CLIENTS = 16;
const CONTAINERS = 15;
// BENCH_PHASES=idle or =burst runs one half; BENCH_NODE_ENV points at another env file (to try flags).
// BENCH_RELEASE_DIR: tarballs of another build to compare with (default release/out).
const RELEASE_DIR = path.resolve(process.env.BENCH_RELEASE_DIR ?? path.join(root, 'release', 'out'));
const PHASES = (process.env.BENCH_PHASES ?? 'idle,burst').split(',');
const nodeEnv = readNodeEnv(process.env.BENCH_NODE_ENV || undefined);
const TARGET = { onlineMs: 350, rssMb: 60, totalRssMb: 165, cpuPercent: 0.1, burstRssMb: 90, settleMb: 10, requestsPerS: 3000, p50Ms: 3 };
const say = (text) => process.stderr.write(`bench: ${text}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-bench-'));
const cleanups = [];
const cleanup = async () => {
  for (const step of cleanups.reverse()) await step().catch((error) => say(`cleanup: ${error.message}`));
  rmSync(scratch, { recursive: true, force: true });
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.on(signal, () => void cleanup().then(() => process.exit(code)));

/** The x64 release bundle of `name` unpacked into scratch when scripts/release built it, else dist/. */
function daemonMain(name) {
  const { version } = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
  const tarball = path.join(RELEASE_DIR, tarballName(name, version, 'x64'));
  if (!existsSync(tarball)) return { main: path.join(root, 'packages', name, 'dist', 'main.js'), from: 'dist/' };
  const into = path.join(scratch, 'release');
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', into]);
  return { main: path.join(into, `mapio-${name}`, 'main.js'), from: path.relative(root, tarball) };
}

/**
 * As the unit runs it: `node $MAPIO_NODE_FLAGS main.js`, the env file's variables, JSON logs; and
 * nothing outside this machine (internet check on a closed local port, no systemctl, iw or reboot).
 */
function spawnDaemon(main, env) {
  const isolated = { MAPIO_INTERNET_TARGETS: '127.0.0.1:1', MAPIO_SYSTEMCTL_COMMAND: 'true', MAPIO_IW_COMMAND: 'false', MAPIO_REBOOT_COMMAND: 'true' };
  const child = spawnDetached(process.execPath, [...nodeEnv.flags, main], {
    env: { PATH: process.env.PATH, ...nodeEnv.env, ...isolated, MAPIO_LOG_FORMAT: 'json', ...env },
  });
  child.stdout.resume();
  child.stderr.resume();
  cleanups.push(() => stopProcess(child));
  return child;
}

async function waitFor(child, what, ready, timeoutMs = 30_000) {
  const started = performance.now();
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`${what}: exited with code ${child.exitCode}`);
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await sleep(5);
  }
}

const mains = Object.fromEntries(DAEMONS.map((name) => [name, daemonMain(name)]));
const broker = await MosquittoBroker.start({ ownProcessGroup: true });
cleanups.push(() => broker.destroy());
const watcher = await mqtt.connectAsync(broker.url);
cleanups.push(() => watcher.endAsync());
const retained = new Map();
const onlineAt = new Map();
watcher.on('message', (topic, payload) => {
  retained.set(topic, payload.toString());
  if (payload.toString() === 'online') onlineAt.set(topic, performance.now());
});
await watcher.subscribeAsync(['mapio/+/availability', 'mapio/webserver-back/pairing', 'mapio/webserver-back/docker']);

const loads = [];
const sampleLoad = () => loads.push(os.loadavg()[0]);

/** One idle run: bare node and every daemon started one after the other, then all left idle together. */
async function idleRun() {
  const running = [];
  // The baseline's "spawn -> online" is its first line out: the floor of any daemon on this load.
  const bareSpawnedAt = performance.now();
  const bare = spawnDetached(process.execPath, ['-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1 << 30)']);
  cleanups.push(() => stopProcess(bare));
  let bareUpAt;
  bare.stdout.once('data', () => (bareUpAt = performance.now()));
  await waitFor(bare, 'bare node', () => bareUpAt !== undefined);
  running.push({ name: 'node', child: bare, onlineMs: bareUpAt - bareSpawnedAt });
  for (const name of DAEMONS) {
    const topic = `mapio/${name}/availability`;
    onlineAt.delete(topic);
    const spawnedAt = performance.now();
    const child = spawnDaemon(mains[name].main, {
      MAPIO_MQTT_URL: broker.url,
      MAPIO_HARDWARE: 'sim',
      MAPIO_SIM_DIR: path.join(scratch, 'hardware'),
      MAPIO_DATA_DIR: path.join(scratch, 'data', name),
      // webserver-back listens on a port of its own and, in this phase, has no Docker Engine.
      MAPIO_HTTP_PORT: String(await freePort()),
      MAPIO_HTTP_HOST: '127.0.0.1',
      DOCKER_HOST: `unix://${path.join(scratch, 'no-docker.sock')}`,
    });
    await waitFor(child, `mapio-${name}`, () => onlineAt.has(topic));
    running.push({ name, child, onlineMs: onlineAt.get(topic) - spawnedAt });
  }
  await sleep(IDLE_MS);
  const rows = running.map(({ name, child, onlineMs }) => ({ name, onlineMs, rssMb: rssMb(child.pid), cpu: cpuSeconds(child.pid) }));
  await sleep(CPU_MS);
  for (const row of rows) row.cpuPercent = ((cpuSeconds(running.find((r) => r.name === row.name).child.pid) - row.cpu) / (CPU_MS / 1000)) * 100;
  sampleLoad();
  await Promise.all(running.map(({ child }) => stopProcess(child)));
  return rows;
}

/** One burst run: webserver-back on the private dockerd, RSS before, its peak during, and after. */
async function burstRun(engine, composeFile) {
  const port = await freePort();
  for (const topic of retained.keys()) if (topic.startsWith('mapio/webserver-back/')) retained.delete(topic);
  const child = spawnDaemon(mains['webserver-back'].main, {
    MAPIO_MQTT_URL: broker.url,
    MAPIO_DATA_DIR: path.join(scratch, 'data', `burst-${port}`),
    MAPIO_HTTP_PORT: String(port),
    MAPIO_HTTP_HOST: '127.0.0.1',
    MAPIO_COMPOSE_FILE: composeFile,
    MAPIO_WEB_ROOT: path.join(scratch, 'www'),
    DOCKER_HOST: engine.host,
  });
  const docker = () => JSON.parse(retained.get('mapio/webserver-back/docker') ?? '{"services":[]}');
  await waitFor(child, 'mapio-webserver-back', () => retained.has('mapio/webserver-back/pairing') && docker().services.filter((s) => s.state === 'running').length === CONTAINERS, 60_000);
  const base = `http://127.0.0.1:${port}`;
  const headers = await pairedHeaders(base, JSON.parse(retained.get('mapio/webserver-back/pairing')).token);
  await sleep(IDLE_MS);
  const before = rssMb(child.pid);
  let during = before;
  const sampler = setInterval(() => (during = Math.max(during, rssMb(child.pid))), 100);
  const load = await autocannon({ url: `${base}/docker`, connections: CLIENTS, duration: BURST_S, headers });
  clearInterval(sampler);
  await sleep(SETTLE_MS);
  const after = rssMb(child.pid);
  sampleLoad();
  await stopProcess(child);
  return { before, during, after, requestsPerS: load.requests.average, p50Ms: load.latency.p50, failures: load.non2xx + load.errors };
}

const idle = [];
const burst = [];
try {
  say(`node flags ${nodeEnv.flags.join(' ') || '(none)'}; ${DAEMONS.map((name) => `${name} from ${mains[name].from}`).join(', ')}`);
  if (PHASES.includes('idle')) {
    for (let run = 1; run <= RUNS; run++) {
      idle.push(await idleRun());
      say(`idle run ${run}/${RUNS} done`);
    }
  }
  if (PHASES.includes('burst')) {
    const { engine, composeFile } = await startBenchEngine({ scratch, containers: CONTAINERS, cleanups, say });
    for (let run = 1; run <= RUNS; run++) {
      burst.push(await burstRun(engine, composeFile));
      say(`burst run ${run}/${RUNS} done`);
    }
  }
} finally {
  await cleanup();
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const cell = (text, width) => String(text).padStart(width);
console.log(`\nMAPIO daemons as the units start them: median of ${RUNS} runs; node ${process.version}, ${os.cpus().length} CPUs, load average ${fixed(median(loads), 1)} (median of the runs)`);
console.log(`node flags: ${nodeEnv.flags.join(' ') || '(none)'}${Object.keys(nodeEnv.env).length ? `; env: ${Object.entries(nodeEnv.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
if (idle.length) {
  console.log(`${'process'.padEnd(22)}${cell('spawn->online ms', 18)}${cell('idle RSS MB', 13)}${cell('idle CPU %', 12)}   from`);
  const of = (name, key) => median(idle.map((rows) => rows.find((row) => row.name === name)[key]));
  for (const name of ['node', ...DAEMONS]) {
    const label = name === 'node' ? 'bare node (no flags)' : `mapio-${name}`;
    const from = name === 'node' ? 'baseline' : mains[name].from;
    console.log(`${label.padEnd(22)}${cell(fixed(of(name, 'onlineMs'), 0), 18)}${cell(fixed(of(name, 'rssMb'), 1), 13)}${cell(fixed(of(name, 'cpuPercent'), 2), 12)}   ${from}`);
  }
  const total = median(idle.map((rows) => rows.filter((row) => row.name !== 'node').reduce((sum, row) => sum + row.rssMb, 0)));
  console.log(`${'three daemons'.padEnd(22)}${cell('', 18)}${cell(fixed(total, 1), 13)}`);
  console.log(`targets: spawn->online <= ${TARGET.onlineMs} ms, idle RSS <= ${TARGET.rssMb} MB each and <= ${TARGET.totalRssMb} MB together, idle CPU <= ${TARGET.cpuPercent} %`);
}
if (burst.length) {
  const of = (key) => median(burst.map((run) => run[key]));
  console.log(`\nmapio-webserver-back, ${CLIENTS} clients x ${BURST_S} s on GET /docker (private dockerd, ${CONTAINERS} running containers)`);
  const row = (what, value, target) => console.log(`${what.padEnd(40)}${cell(value, 12)}   target ${target}`);
  row('RSS before the burst', `${fixed(of('before'), 1)} MB`, '-');
  row('RSS during the burst (peak)', `${fixed(of('during'), 1)} MB`, `<= ${TARGET.burstRssMb} MB`);
  row(`RSS ${SETTLE_MS / 1000} s after the burst`, `${fixed(of('after'), 1)} MB`, `<= before + ${TARGET.settleMb} MB`);
  const settled = burst.map((run) => run.after - run.before);
  row('RSS after - before', `${fixed(median(settled), 1)} MB`, `<= ${TARGET.settleMb} MB   (runs: ${settled.map((mb) => fixed(mb, 1)).join(' ')})`);
  row('requests/s (autocannon)', fixed(of('requestsPerS'), 0), `>= ${TARGET.requestsPerS}`);
  row('p50 latency (autocannon, whole ms)', `${of('p50Ms')} ms`, `~${TARGET.p50Ms} ms`);
  row('non-2xx + errors (all runs)', String(burst.reduce((sum, run) => sum + run.failures, 0)), '0');
}
