import { execFile } from 'node:child_process';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from './domain-error';

/**
 * Runs a configured command (program + its own arguments, e.g. MAPIO_IW_COMMAND) with more
 * arguments, through execFile (no shell); resolves with stdout. A failure is DomainError
 * `unavailable` naming the program and what it printed on stderr.
 */
export function runCommand(
  command: readonly string[],
  args: readonly string[],
  options: { what: string; timeoutMs?: number; maxBuffer?: number },
): Promise<string> {
  const [program, ...base] = command;
  if (!program) return Promise.reject(new DomainError('unavailable', `${options.what}: no command configured`));
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...base, ...args],
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: options.maxBuffer ?? 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || errorMessage(error);
          reject(new DomainError('unavailable', `${options.what} failed: ${detail}`, { dependency: program, cause: error }));
          return;
        }
        resolve(stdout);
      },
    );
  });
}
