import { spawn } from 'node:child_process';

/** A system tool (sfdisk, resize2fs, rauc, ...) that exited non-zero; its stderr says why. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || 'no message'}`);
    this.name = 'CommandError';
  }
}

export interface CommandOptions {
  /** Written to the tool's stdin (sfdisk scripts). */
  input?: string;
  /** Exit codes that still mean success (e2fsck: 1 = errors corrected). */
  okExitCodes?: readonly number[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a tool with an argument array (never a shell) and returns its stdout. */
export async function runCommand(binary: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  const ok = options.okExitCodes ?? [0];
  const command = [binary, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => reject(new CommandError(command, null, error.message)));
    child.once('close', (code) => {
      if (code !== null && ok.includes(code)) resolve(stdout);
      else reject(new CommandError(command, code, stderr || stdout));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
