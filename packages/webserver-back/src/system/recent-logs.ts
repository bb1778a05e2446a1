import { execFile } from 'node:child_process';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';

const MAX_LINES = 500;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The old front end inserts each log line as HTML (`v-html`): a line holding markup would run script
 * with the owner's session. Every `& < > " '` is escaped; ANSI colour codes stay.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** The last lines MAPIO_LOGS_COMMAND prints (journalctl by default), oldest first. */
export async function recentLogLines(command: readonly string[]): Promise<string[]> {
  const [program, ...args] = command;
  if (!program) throw new DomainError('unavailable', 'no logs command configured (MAPIO_LOGS_COMMAND)');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(program, args, { timeout: 15_000, maxBuffer: 8 * 1024 * 1024 }, (error, out, stderr) => {
      if (error) {
        reject(new DomainError('unavailable', `cannot read the logs: ${stderr.trim() || errorMessage(error)}`, { dependency: program, cause: error }));
        return;
      }
      resolve(out);
    });
  });
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-MAX_LINES);
}
