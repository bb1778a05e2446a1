// scripts/bench-webserver: mapio-webserver-back on a real private dockerd running 15 containers.
// Prints numbers; asserts nothing (targets are printed next to them). Everything it starts is stopped
// at the end, also on failure.
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mqtt from 'mqtt';
import { startBenchEngine, pairedHeaders } from './bench-engine.mjs';
import { freePort, MosquittoBroker, spawnDetached, stopProcess } from './processes.mjs';
import { rssMb } from './proc-usage.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { isolatedWebserverEnv } = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;

const CONTAINERS = 15;
const CLIENTS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 500);
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

/** A file of `mb` MiB of random bytes (on disk, like a downloaded bundle). */
function bigFile(file, mb) {
  const fd = openSync(file, 'w');
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  return mb * 1024 * 1024;
}

/**
 * Uploads `file` to POST /api/v1/ota as one octet-stream over loopback, sampling the daemon's RSS
 * meanwhile. The file is no bundle: the daemon answers (400) right after it has it all, so the time
 * to the answer is the upload time.
 */
async function upload(url, headers, file, bytes, pid) {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const start = process.hrtime.bigint();
  const status = await new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(bytes) },
    });
    request.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    request.on('error', reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(request);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  return { status, mbPerSecond: bytes / 1e6 / seconds, growthMb: peak - before, before };
}

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
  const { engine, composeFile } = await startBenchEngine({ scratch, containers: CONTAINERS, cleanups, say });

  const broker = await MosquittoBroker.start({ ownProcessGroup: true });
  cleanups.push(() => broker.destroy());
  const watcher = await mqtt.connectAsync(broker.url);
  cleanups.push(() => watcher.endAsync());
  const retained = new Map();
  watcher.on('message', (topic, payload) => retained.set(topic, payload.toString()));
  await watcher.subscribeAsync(['mapio/webserver-back/pairing', 'mapio/webserver-back/docker']);

  const port = await freePort();
  const daemon = spawnDetached(process.execPath, [path.join(root, 'packages/webserver-back/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      MAPIO_MQTT_URL: broker.url,
      MAPIO_DATA_DIR: path.join(scratch, 'data'),
      MAPIO_HTTP_PORT: String(port),
      MAPIO_HTTP_HOST: '127.0.0.1',
      MAPIO_COMPOSE_FILE: composeFile,
      MAPIO_WEB_ROOT: path.join(scratch, 'www'),
      DOCKER_HOST: engine.host,
      MAPIO_LOG_LEVEL: LOG_LEVEL,
      MAPIO_LOG_FORMAT: 'json',
      ...isolatedWebserverEnv(scratch),
      MAPIO_OTA_MAX_BYTES: String(4 * 1024 ** 3),
    },
  });
  daemon.stdout.resume();
  daemon.stderr.resume();
  cleanups.push(() => stopProcess(daemon));

  const deadline = Date.now() + 30_000;
  const ready = () => {
    const docker = retained.get('mapio/webserver-back/docker');
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

  const running = JSON.parse(await (await fetch(`${base}/docker`, { headers })).text()).length;
  say(`GET /docker lists ${running} running containers; loading for ${DURATION_S} s with ${CLIENTS} clients`);
  const load = await autocannon({ url: `${base}/docker`, connections: CLIENTS, duration: DURATION_S, headers });
  const dockerLatency = await latencies(`${base}/docker`, headers, CLIENTS, 5000);
  const servicesLoad = await autocannon({ url: `${base}/api/v1/services`, connections: CLIENTS, duration: DURATION_S, headers });
  const servicesLatency16 = await latencies(`${base}/api/v1/services`, headers, CLIENTS, 3000);
  const servicesLatency1 = await latencies(`${base}/api/v1/services`, headers, 1, 1000);
  const loadedRss = rssMb(daemon.pid);

  say(`writing a ${UPLOAD_MB} MiB file and uploading it to POST /api/v1/ota`);
  const uploadFile = path.join(scratch, 'upload.bin');
  const uploadBytes = bigFile(uploadFile, UPLOAD_MB);
  // Twice: the first upload also shows how far the process's memory pools grow once.
  const uploaded = await upload(`${base}/api/v1/ota`, headers, uploadFile, uploadBytes, daemon.pid);
  const uploadedAgain = await upload(`${base}/api/v1/ota`, headers, uploadFile, uploadBytes, daemon.pid);
  rmSync(uploadFile, { force: true });

  const row = (what, value, target) => console.log(`${what.padEnd(48)}${value.padStart(14)}   target ${target}`);
  console.log(`\nmapio-webserver-back on a private dockerd, ${CONTAINERS} running containers (${os.cpus().length} CPUs, node ${process.version}, log level ${LOG_LEVEL})`);
  row('GET /docker p50, 16 clients (hrtime)', `${dockerLatency.p50.toFixed(2)} ms`, '<= 3 ms');
  row('GET /docker p50, 16 clients (autocannon, whole ms)', `${load.latency.p50} ms`, '<= 3 ms');
  row('GET /docker requests/s, 16 clients (autocannon)', `${Math.round(load.requests.average)}`, '>= 1600');
  row('GET /docker non-2xx / errors', `${load.non2xx} / ${load.errors}`, '0 / 0');
  row('GET /api/v1/services p50, 1 client', `${servicesLatency1.p50.toFixed(2)} ms`, '<= 10 ms');
  row('GET /api/v1/services p50, 16 clients (hrtime)', `${servicesLatency16.p50.toFixed(2)} ms`, '<= 10 ms');
  row('GET /api/v1/services requests/s, 16 clients', `${Math.round(servicesLoad.requests.average)}`, '-');
  row('idle RSS (after start, before load)', `${idleRss.toFixed(1)} MB`, '<= 50 MB');
  row('RSS after the load', `${loadedRss.toFixed(1)} MB`, '-');
  row(`OTA upload ${UPLOAD_MB} MiB over loopback (HTTP ${uploaded.status})`, `${uploaded.mbPerSecond.toFixed(0)} MB/s`, '>= 200 MB/s');
  row(`RSS growth during the upload (from ${uploaded.before.toFixed(1)} MB)`, `${uploaded.growthMb.toFixed(1)} MB`, '<= 20 MB');
  row(`second upload (HTTP ${uploadedAgain.status})`, `${uploadedAgain.mbPerSecond.toFixed(0)} MB/s`, '>= 200 MB/s');
  row(`RSS growth during the second upload (from ${uploadedAgain.before.toFixed(1)} MB)`, `${uploadedAgain.growthMb.toFixed(1)} MB`, '<= 20 MB');
} catch (error) {
  say(`failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
