// What the webserver-back benches share: a private dockerd running N containers of one compose
// project, and a paired session on a running daemon.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { PrivateDockerd, importBusyboxImage } = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;
const run = promisify(execFile);

/** A private dockerd with `containers` running busybox services of the compose project `mapio`. */
export async function startBenchEngine({ scratch, containers, cleanups, say }) {
  say('starting a private dockerd');
  const engine = await PrivateDockerd.start();
  cleanups.push(() => engine.destroy());
  await importBusyboxImage(engine, 'bench/app:1', { cmd: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 3600; done"] });
  const composeFile = path.join(scratch, 'docker-compose.yml');
  const services = Array.from({ length: containers }, (_, i) => `  svc${String(i + 1).padStart(2, '0')}:\n    image: bench/app:1\n    network_mode: none\n    stop_grace_period: 2s\n`);
  writeFileSync(composeFile, `services:\n${services.join('')}`);
  say(`starting ${containers} containers with docker-compose`);
  await run('docker-compose', ['--project-name', 'mapio', '--file', composeFile, 'up', '-d'], {
    env: { ...process.env, DOCKER_HOST: engine.host },
    timeout: 300_000,
  });
  return { engine, composeFile };
}

/** Pairs with the token the daemon published; the headers of an authenticated request. */
export async function pairedHeaders(base, token) {
  const paired = await fetch(`${base}/pair?token=${token}`, { redirect: 'manual' });
  const session = (paired.headers.get('set-cookie') ?? '').split(';')[0].split('=')[1];
  return { authorization: `Bearer ${session}` };
}
