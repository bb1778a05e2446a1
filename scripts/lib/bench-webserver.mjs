// scripts/bench-webserver: mapio-webserver-back on a real private dockerd running 15 containers.
// Prints numbers; asserts nothing (targets are printed next to them). Everything it starts is stopped
// at the end, also on failure.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mqtt from 'mqtt';
import { startBenchEngine, pairedHeaders } from './bench-engine.mjs';
import { benchBundle, uploadBundle, waitUpdateOver } from './bench-upload.mjs';
import { readNodeEnv } from './node-env.mjs';
import { freePort, MosquittoBroker, spawnDetached, stopProcess } from './processes.mjs';
import { rssMb } from './proc-usage.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testkit = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;
// As the unit starts it: node flags and environment of systemd-units/mapio-node.env.
const nodeEnv = readNodeEnv(process.env.BENCH_NODE_ENV || undefined);

const CONTAINERS = 15;
const CLIENTS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 500);
// BENCH_PHASES=upload: only the OS update upload (no dockerd, no request load).
const ONLY_UPLOAD = process.env.BENCH_PHASES === 'upload';
const say = (text) => process.stderr.write(`bench-webserver: ${text}\n`);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-bench-web-'));
const cleanups = [];
const cleanup = async () => {
  for (const step of cleanups.reverse()) await step().catch((error) => say(`cleanup: ${error.message}`));
  rmSync(scratch, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** `CLIENTS` keep-alive clients sending `total` requests in all; precise per-request latencies. */
async function latencies(url, headers, clients, total) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const times = [];
  let sent = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      http
        .get(url, { agent, headers }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`));
            times.push(Number(process.hrtime.bigint() - start) / 1e6);
            resolve();
          });
        })
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < total) {
        sent++;
        await one();
      }
    }),
  );
  agent.destroy();
  return { p50: median(times), p99: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)] };
}

try {
  say(`building a signed ${UPLOAD_MB} MiB RAUC bundle (dev CA made here)`);
  const ota = await benchBundle(testkit, scratch, UPLOAD_MB);
  const { engine, composeFile } = ONLY_UPLOAD
    ? { engine: { host: `unix://${path.join(scratch, 'no-docker.sock')}` }, composeFile: path.join(scratch, 'none.yml') }
    : await startBenchEngine({ scratch, containers: CONTAINERS, cleanups, say });

  const broker = await MosquittoBroker.start({ ownProcessGroup: true });
  cleanups.push(() => broker.destroy());
  const watcher = await mqtt.connectAsync(broker.url);
  cleanups.push(() => watcher.endAsync());
  const retained = new Map();
  watcher.on('message', (topic, payload) => retained.set(topic, payload.toString()));
  await watcher.subscribeAsync(['mapio/webserver-back/pairing', 'mapio/webserver-back/docker']);

  const port = await freePort();
  const daemon = spawnDetached(process.execPath, [...nodeEnv.flags, path.join(root, 'packages/webserver-back/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      ...nodeEnv.env,
      MAPIO_MQTT_URL: broker.url,
      MAPIO_DATA_DIR: path.join(scratch, 'data'),
      MAPIO_HTTP_PORT: String(port),
      MAPIO_HTTP_HOST: '127.0.0.1',
      MAPIO_COMPOSE_FILE: composeFile,
      MAPIO_WEB_ROOT: path.join(scratch, 'www'),
      DOCKER_HOST: engine.host,
      MAPIO_LOG_LEVEL: LOG_LEVEL,
      MAPIO_LOG_FORMAT: 'json',
      ...testkit.isolatedWebserverEnv(scratch),
      ...ota.env,
      MAPIO_OTA_MAX_BYTES: String(4 * 1024 ** 3),
    },
  });
  daemon.stdout.resume();
  daemon.stderr.resume();
  cleanups.push(() => stopProcess(daemon));

  const deadline = Date.now() + 30_000;
  const ready = () => {
    const docker = retained.get('mapio/webserver-back/docker');
    if (ONLY_UPLOAD) return retained.has('mapio/webserver-back/pairing');
    return docker && retained.has('mapio/webserver-back/pairing') && JSON.parse(docker).services.filter((s) => s.state === 'running').length === CONTAINERS;
  };
  while (!ready()) {
    if (daemon.exitCode !== null) throw new Error(`mapio-webserver-back exited with code ${daemon.exitCode}`);
    if (Date.now() > deadline) throw new Error('daemon did not report 15 running services within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { token } = JSON.parse(retained.get('mapio/webserver-back/pairing'));
  const base = `http://127.0.0.1:${port}`;
  const headers = await pairedHeaders(base, token);

  say(`idle ${IDLE_MS / 1000} s before measuring RSS`);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idleRss = rssMb(daemon.pid);

  let docker = null;
  if (!ONLY_UPLOAD) {
    const running = JSON.parse(await (await fetch(`${base}/docker`, { headers })).text()).length;
    say(`GET /docker lists ${running} running containers; loading for ${DURATION_S} s with ${CLIENTS} clients`);
    const load = await autocannon({ url: `${base}/docker`, connections: CLIENTS, duration: DURATION_S, headers });
    const dockerLatency = await latencies(`${base}/docker`, headers, CLIENTS, 5000);
    const servicesLoad = await autocannon({ url: `${base}/api/v1/services`, connections: CLIENTS, duration: DURATION_S, headers });
    const servicesLatency16 = await latencies(`${base}/api/v1/services`, headers, CLIENTS, 3000);
    const servicesLatency1 = await latencies(`${base}/api/v1/services`, headers, 1, 1000);
    const loadedRss = rssMb(daemon.pid);
    docker = { load, dockerLatency, servicesLoad, servicesLatency16, servicesLatency1, loadedRss };
  }

  say(`uploading the ${(ota.bytes / 1e6).toFixed(0)} MB bundle to POST /api/v1/ota, twice`);
  // Twice: the first upload also shows how far the process's memory pools grow once.
  const uploaded = await uploadBundle(`${base}/api/v1/ota`, headers, ota.bundle, ota.bytes, daemon.pid);
  await waitUpdateOver(base, headers, uploaded);
  const uploadedAgain = await uploadBundle(`${base}/api/v1/ota`, headers, ota.bundle, ota.bytes, daemon.pid);
  await waitUpdateOver(base, headers, uploadedAgain);
  for (const [which, result] of [['first', uploaded], ['second', uploadedAgain]]) {
    if (result.status !== 202) say(`${which} upload: HTTP ${result.status} (expected 202, the bundle verified): ${result.body}`);
  }
  const load1 = os.loadavg()[0];

  const row = (what, value, target) => console.log(`${what.padEnd(48)}${value.padStart(14)}   target ${target}`);
  const flags = `node flags ${nodeEnv.flags.join(' ') || '(none)'}; env ${Object.entries(nodeEnv.env).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)'}`;
  const where = ONLY_UPLOAD ? 'upload only (BENCH_PHASES=upload)' : `on a private dockerd, ${CONTAINERS} running containers`;
  console.log(`\nmapio-webserver-back ${where} (${os.cpus().length} CPUs, node ${process.version}, log level ${LOG_LEVEL}, load average ${load1.toFixed(2)})`);
  console.log(flags);
  row('idle RSS (after start, before load)', `${idleRss.toFixed(1)} MB`, '<= 50 MB');
  if (docker) {
    const { load, dockerLatency, servicesLoad, servicesLatency16, servicesLatency1, loadedRss } = docker;
    row('GET /docker p50, 16 clients (hrtime)', `${dockerLatency.p50.toFixed(2)} ms`, '<= 3 ms');
    row('GET /docker p50, 16 clients (autocannon, whole ms)', `${load.latency.p50} ms`, '<= 3 ms');
    row('GET /docker requests/s, 16 clients (autocannon)', `${Math.round(load.requests.average)}`, '>= 1600');
    row('GET /docker non-2xx / errors', `${load.non2xx} / ${load.errors}`, '0 / 0');
    row('GET /api/v1/services p50, 1 client', `${servicesLatency1.p50.toFixed(2)} ms`, '<= 10 ms');
    row('GET /api/v1/services p50, 16 clients (hrtime)', `${servicesLatency16.p50.toFixed(2)} ms`, '<= 10 ms');
    row('GET /api/v1/services requests/s, 16 clients', `${Math.round(servicesLoad.requests.average)}`, '-');
    row('RSS after the load', `${loadedRss.toFixed(1)} MB`, '-');
  }
  // 202: the signed bundle was received whole, written to MAPIO_DATA_DIR/ota and verified by rauc info.
  const verdict = (result) => (result.status === 202 ? 'HTTP 202, verified' : `HTTP ${result.status}, NOT verified`);
  for (const [which, result] of [['first', uploaded], ['second', uploadedAgain]]) {
    row(`${which} upload, ${(ota.bytes / 1e6).toFixed(0)} MB signed bundle (${verdict(result)})`, `${result.mbPerSecond.toFixed(0)} MB/s`, '>= 200 MB/s');
    row(`  RSS growth during it (from ${result.before.toFixed(1)} MB)`, `${result.growthMb.toFixed(1)} MB`, '<= 20 MB');
    row('  until the answer (incl. rauc info)', `${result.answerSeconds.toFixed(1)} s`, '-');
  }
} catch (error) {
  say(`failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
