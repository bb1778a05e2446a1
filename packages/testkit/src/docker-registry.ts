import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { findExecutable } from './services';

/**
 * A real Docker registry (Debian's docker-registry, distribution 2.8) on a free port of 127.0.0.1,
 * storing into a temporary directory. Docker trusts 127.0.0.0/8 registries over plain HTTP, so
 * `127.0.0.1:<port>/demo/app:latest` can be pushed and pulled without TLS.
 */
export class LocalRegistry {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<LocalRegistry> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-registry-'));
    const registry = new LocalRegistry(await freePort(), dir);
    try {
      await registry.start();
    } catch (error) {
      await registry.destroy();
      throw error;
    }
    return registry;
  }

  /** `127.0.0.1:<port>`: prefix of the image references this registry serves. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const binary = findExecutable('docker-registry');
    if (!binary) throw new Error('docker-registry is not installed (apt-get install docker-registry)');
    const config = path.join(this.dir, 'config.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${path.join(this.dir, 'storage')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${this.port}`,
        '',
      ].join('\n'),
    );
    const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
    try {
      await waitForPort(this.port, 10_000);
    } catch (error) {
      await this.stop();
      throw new Error(`docker-registry did not start on ${this.address}: ${String(error)}\n${this.output}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
