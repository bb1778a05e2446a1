// scripts/bench: per long-running daemon, time from spawn to its retained `online`, and idle RSS
// 10 s later. Median of RUNS runs. Prints a table; no assertions (targets are in the table).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { freePort, MosquittoBroker, spawnDetached, stopProcess } from './processes.mjs';
import { median } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAEMONS = ['display', 'gpio-ha', 'webserver-back'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const TARGET = { onlineMs: 1500, rssMb: 60 };

const rssMb = (pid) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-bench-'));
const broker = await MosquittoBroker.start({ ownProcessGroup: true });
const watcher = await mqtt.connectAsync(broker.url);
const onlineAt = new Map();
watcher.on('message', (topic, payload) => {
  if (payload.toString() === 'online') onlineAt.set(topic, performance.now());
});
await watcher.subscribeAsync('mapio/+/availability');

const results = Object.fromEntries(DAEMONS.map((d) => [d, { onlineMs: [], rssMb: [] }]));
for (let run = 1; run <= RUNS; run++) {
  const running = [];
  for (const name of DAEMONS) {
    const topic = `mapio/${name}/availability`;
    onlineAt.delete(topic);
    const spawnedAt = performance.now();
    const child = spawnDetached(process.execPath, [path.join(root, 'packages', name, 'dist', 'main.js')], {
      env: {
        PATH: process.env.PATH,
        MAPIO_MQTT_URL: broker.url,
        MAPIO_HARDWARE: 'sim',
        MAPIO_SIM_DIR: path.join(scratch, 'hardware'),
        MAPIO_DATA_DIR: path.join(scratch, 'data'),
        MAPIO_LOG_LEVEL: 'warn',
        // webserver-back listens on a port of its own and, here, has no Docker Engine to talk to.
        MAPIO_HTTP_PORT: String(await freePort()),
        MAPIO_HTTP_HOST: '127.0.0.1',
        DOCKER_HOST: `unix://${path.join(scratch, 'no-docker.sock')}`,
      },
    });
    child.stdout.resume();
    child.stderr.resume();
    running.push({ name, child });
    while (!onlineAt.has(topic)) {
      if (child.exitCode !== null) throw new Error(`mapio-${name} exited with code ${child.exitCode}`);
      if (performance.now() - spawnedAt > 15_000) throw new Error(`mapio-${name} not online after 15 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    results[name].onlineMs.push(onlineAt.get(topic) - spawnedAt);
  }
  await new Promise((r) => setTimeout(r, IDLE_MS));
  for (const { name, child } of running) results[name].rssMb.push(rssMb(child.pid));
  await Promise.all(running.map(({ child }) => stopProcess(child)));
  process.stderr.write(`run ${run}/${RUNS} done\n`);
}
await watcher.endAsync();
await broker.destroy();

console.log(`\nMAPIO daemons: median of ${RUNS} runs (broker: mosquitto; ${os.cpus().length} CPUs, node ${process.version})`);
console.log(`${'daemon'.padEnd(22)}${'spawn->online ms'.padStart(18)}${'idle RSS MB'.padStart(14)}   targets: <= ${TARGET.onlineMs} ms, <= ${TARGET.rssMb} MB`);
for (const name of DAEMONS) {
  const online = median(results[name].onlineMs);
  const rss = median(results[name].rssMb);
  const verdict = online <= TARGET.onlineMs && rss <= TARGET.rssMb ? 'ok' : 'OVER TARGET';
  console.log(`${`mapio-${name}`.padEnd(22)}${online.toFixed(0).padStart(18)}${rss.toFixed(1).padStart(14)}   ${verdict}`);
}
