import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnTracked } from './spawned-processes';
import { WAIT_CEILING_MS } from './wait-ceiling';

export const repoRoot = path.resolve(__dirname, '../../..');

export function daemonMain(pkg: string): string {
  return path.join(repoRoot, 'packages', pkg, 'dist', 'main.js');
}

/** A node process under test, with its output kept for assertions and failure messages. */
export class ChildDaemon {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** `nodeArgs` go before the script (e.g. the units' MAPIO_NODE_FLAGS). */
  static spawn(script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): ChildDaemon {
    const child = spawnTracked(process.execPath, [...nodeArgs, script, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildDaemon(child);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('child has no pid (spawn failed)');
    return this.child.pid;
  }

  /** JSON log lines the process printed (pino, non-TTY). */
  logLines(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async waitForLog(accept: (line: Record<string, unknown>) => boolean, timeoutMs = WAIT_CEILING_MS): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logLines().find(accept);
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`log line not seen within ${timeoutMs} ms; output:\n${this.stdout}${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Sends a signal and waits for the exit (SIGKILL after timeoutMs). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = WAIT_CEILING_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}
