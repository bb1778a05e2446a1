// Small process helpers shared by the simulator and the benches. Finding programs and ports is the
// test harness's (packages/testkit, built by scripts/setup): one implementation for both.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testkit = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;

/** Full path of a program on PATH or in the sbin directories (Debian puts mosquitto there), or null. */
export const findExecutable = testkit.findExecutable;
/** A TCP port of 127.0.0.1 that was free a moment ago. */
export const freePort = testkit.freePort;
/** Resolves once something accepts connections on 127.0.0.1:port, rejects after timeoutMs. */
export const waitForPort = testkit.waitForPort;
/** A real mosquitto with its own config (`MosquittoBroker.start({ port, ownProcessGroup })`, `destroy()`). */
export const MosquittoBroker = testkit.MosquittoBroker;

export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}


/** Spawns in its own process group, so a terminal Ctrl-C reaches only us and we stop children in order. */
export function spawnDetached(command, args, options = {}) {
  return spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
}

/** Sends SIGTERM, then SIGKILL after timeoutMs; resolves when the process is gone. */
export function stopProcess(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Writes each line of `stream` to `out` with a prefix. */
export function prefixLines(stream, prefix, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  stream.on('end', () => {
    if (pending) out.write(`${prefix}${pending}\n`);
  });
}
