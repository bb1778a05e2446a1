import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorMessage } from '@mapio/runtime';
import { HalError } from '../gpio';

const execFileAsync = promisify(execFile);

/** No board tool (gpioget, stty, vcgencmd) takes longer than this unless something is stuck. */
export const TOOL_TIMEOUT_MS = 2000;

/**
 * Runs a board tool with an argument array (never a shell) and returns its stdout; a failure becomes
 * a HalError reading `<what> failed: <reason>`.
 */
export async function runTool(file: string, args: string[], what: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(file, args, { timeout: TOOL_TIMEOUT_MS });
    return stdout;
  } catch (error) {
    throw new HalError(`${what} failed: ${errorMessage(error).trim()}`);
  }
}
