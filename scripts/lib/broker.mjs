// A broker for the simulator and the bench: mosquitto when installed, otherwise aedes in-process.
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findExecutable, spawnDetached, stopProcess, waitForPort } from './processes.mjs';

export async function startBroker({ port, dir, log }) {
  const mosquitto = findExecutable('mosquitto');
  if (mosquitto) {
    mkdirSync(dir, { recursive: true });
    const conf = path.join(dir, 'mosquitto.conf');
    writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', ''].join('\n'));
    const child = spawnDetached(mosquitto, ['-c', conf]);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    try {
      await waitForPort(port);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`mosquitto did not start: ${error.message}\n${output}`, { cause: error });
    }
    return { kind: 'mosquitto', url: `mqtt://127.0.0.1:${port}`, stop: () => stopProcess(child) };
  }
  log('mosquitto is not installed: using the embedded aedes broker');
  const { Aedes } = await import('aedes');
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    kind: 'aedes (embedded)',
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}
