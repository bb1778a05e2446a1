import { runCommand } from '../run-command';

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
  const stdout = await runCommand(command, [], { what: 'reading the logs', timeoutMs: 15_000 });
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-MAX_LINES);
}
