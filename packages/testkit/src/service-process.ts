import type { ChildProcess } from 'node:child_process';
import { spawnTracked } from './spawned-processes';

/**
 * The process of a service a suite runs (mosquitto, dockerd, a registry): its output is kept for
 * failure messages; `stop()` sends SIGTERM, then SIGKILL after `killAfterMs`, and waits for the exit.
 */
export class ServiceProcess {
  output = '';
  private child: ChildProcess | null = null;

  get running(): boolean {
    return this.child !== null;
  }

  start(binary: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: { detached?: boolean } = {}): void {
    const child = spawnTracked(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: options.detached ?? false });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
  }

  /** Sends `signal` to the running process (a test crashing or freezing a service); false if none runs. */
  signal(signal: NodeJS.Signals): boolean {
    return this.child?.kill(signal) ?? false;
  }

  async stop(killAfterMs = 3000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts a freshly made service; if that fails, destroys it (temp files, half-started process) and rethrows. */
export async function startOrDestroy<T extends { start(): Promise<void>; destroy(): Promise<void> }>(service: T): Promise<T> {
  try {
    await service.start();
  } catch (error) {
    await service.destroy();
    throw error;
  }
  return service;
}
