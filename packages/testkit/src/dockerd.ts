import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess, startOrDestroy } from './service-process';
import { findExecutable, withSbinPath } from './services';
import { spawnTracked } from './spawned-processes';

const run = promisify(execFile);

/**
 * A private Docker Engine for one test suite: its own socket, data root, exec root and pid file under a
 * temporary directory, vfs storage, no iptables, no default bridge (containers use `network_mode: none`
 * or `host`). `stop()` then `start()` restarts it on the same socket and data (the "engine went away"
 * tests); `destroy()` stops it, ends any container shim it left and removes its files.
 */
export class PrivateDockerd {
  private readonly process = new ServiceProcess();

  private constructor(readonly dir: string) {}

  static async start(): Promise<PrivateDockerd> {
    // A short path: unix socket paths are limited to 108 bytes.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-dockerd-'));
    return startOrDestroy(new PrivateDockerd(dir));
  }

  get socketPath(): string {
    return path.join(this.dir, 'docker.sock');
  }

  /** What DOCKER_HOST must be for a client (dockerode, the docker and compose CLIs) to reach it. */
  get host(): string {
    return `unix://${this.socketPath}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  get logs(): string {
    return this.process.output;
  }

  async start(): Promise<void> {
    if (this.process.running) return;
    const binary = findExecutable('dockerd');
    if (!binary) throw new Error('dockerd is not installed (apt-get install docker.io)');
    await mkdir(path.join(this.dir, 'data'), { recursive: true });
    await mkdir(path.join(this.dir, 'exec'), { recursive: true });
    await writeFile(path.join(this.dir, 'daemon.json'), '{}\n');
    this.process.start(
      binary,
      [
        '--host', this.host,
        '--data-root', path.join(this.dir, 'data'),
        '--exec-root', path.join(this.dir, 'exec'),
        '--pidfile', path.join(this.dir, 'dockerd.pid'),
        '--storage-driver=vfs',
        '--iptables=false',
        '--ip6tables=false',
        '--bridge=none',
        '--shutdown-timeout=2',
        '--log-level=warn',
        // Another engine on this machine may own /etc/docker/daemon.json settings: ignore them.
        '--config-file', path.join(this.dir, 'daemon.json'),
      ],
      withSbinPath(),
    );
    try {
      await this.waitReady(30_000);
    } catch (error) {
      await this.stop();
      throw new Error(`dockerd did not become ready: ${String(error)}\n${this.process.output.slice(-4000)}`, { cause: error });
    }
  }

  /** Stops the engine (its containers stop with it) and waits for it to exit. */
  async stop(): Promise<void> {
    await this.process.stop(20_000);
    await this.killLeftoverShims();
  }

  async destroy(): Promise<void> {
    // Compose's networks are kernel bridges (br-<id>) of this machine that outlive the engine: left
    // behind, they use up Docker's address pools and later engines cannot create networks.
    const bridges = this.running
      ? (await this.docker(['network', 'ls', '--filter', 'driver=bridge', '--quiet']).catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((id) => `br-${id.slice(0, 12)}`)
      : [];
    await this.stop();
    for (const bridge of bridges) await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
    await this.unmountLeftovers();
    await rm(this.dir, { recursive: true, force: true }).catch(async () => {
      // vfs layers of stopped containers can hold read-only dirs a second pass removes.
      await run('rm', ['-rf', this.dir]).catch(() => undefined);
    });
  }

  /** Runs the docker CLI against this engine; resolves with stdout. */
  async docker(args: string[], options: { input?: NodeJS.ReadableStream } = {}): Promise<string> {
    const binary = findExecutable('docker');
    if (!binary) throw new Error('the docker CLI is not installed (apt-get install docker.io)');
    const child = spawnTracked(binary, args, {
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: { ...withSbinPath(), DOCKER_HOST: this.host, DOCKER_CONFIG: path.join(this.dir, 'cli') },
    });
    if (options.input && child.stdin) options.input.pipe(child.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`docker ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
    return stdout;
  }

  /** GET on the Engine API (JSON), for assertions that must not go through the code under test. */
  async api<T = unknown>(apiPath: string): Promise<T> {
    const body = await this.request('GET', apiPath);
    return JSON.parse(body) as T;
  }

  private request(method: string, apiPath: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath: this.socketPath, path: apiPath, method, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${apiPath}: ${res.statusCode} ${body}`));
          else resolve(body);
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.process.running) throw new Error('dockerd exited');
      if (existsSync(this.socketPath)) {
        try {
          if ((await this.request('GET', '/_ping')) === 'OK') return;
        } catch {
          // not accepting yet
        }
      }
      if (Date.now() > deadline) throw new Error(`no answer on ${this.socketPath} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** dockerd leaves the bind mount of its default network namespace (exec/netns/default) behind. */
  private async unmountLeftovers(): Promise<void> {
    const mountInfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
    const points = mountInfo
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((point) => point.startsWith(`${this.dir}/`))
      .sort((a, b) => b.length - a.length);
    for (const point of points) await run('umount', ['--lazy', point]).catch(() => undefined);
  }

  /**
   * containerd shims of this engine's containers are reparented when the engine dies abruptly; end
   * those (and only those: their command line names this engine's exec root).
   */
  private async killLeftoverShims(): Promise<void> {
    const marker = path.join(this.dir, 'exec');
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      try {
        const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
        const exe = await readlink(`/proc/${pid}/exe`).catch(() => '');
        if (cmdline.some((arg) => arg.startsWith(marker)) && /containerd/.test(exe)) process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}
