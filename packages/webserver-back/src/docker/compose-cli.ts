import { execFile } from 'node:child_process';
import { DomainError } from '../domain-error';
import type { ComposeProject } from './compose-project';

/** The compose CLI found on this machine: the v2 plugin (`docker compose`) or the v1 `docker-compose`. */
export interface ComposeCommand {
  binary: string;
  /** Arguments before the compose subcommand (`compose` for the plugin). */
  prefix: string[];
}

export const COMPOSE_V2: ComposeCommand = { binary: 'docker', prefix: ['compose'] };
export const COMPOSE_V1: ComposeCommand = { binary: 'docker-compose', prefix: [] };

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (binary: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) => Promise<ExecResult>;

/** execFile with an argument array: no shell ever sees these strings. */
export const execNoShell: Exec = (binary, args, env, timeoutMs) =>
  new Promise((resolve) => {
    execFile(binary, args, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, shell: false }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code === 127 ? error.message : '') });
    });
  });

/** The full argument list of one compose invocation (pure, so both CLIs' forms are tested). */
export function composeArgs(command: ComposeCommand, project: string, files: string[], subcommand: string[]): string[] {
  return [...command.prefix, '--project-name', project, ...files.flatMap((file) => ['--file', file]), ...subcommand];
}

/**
 * Runs compose subcommands for the project. Which CLI to use is found once, on first use: the plugin
 * when `docker compose version` answers, else `docker-compose`.
 */
/**
 * `version` of a compose CLI answers at once on an idle machine, but the Python docker-compose took
 * 15 s to start at a load average of 22: a short probe would call an installed CLI missing (503).
 */
const DETECT_TIMEOUT_MS = 120_000;

export class ComposeCli {
  private command: Promise<ComposeCommand | null> | null = null;

  constructor(
    private readonly project: ComposeProject,
    private readonly dockerHost: string,
    private readonly exec: Exec = execNoShell,
  ) {}

  private get env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: this.dockerHost };
  }

  detect(): Promise<ComposeCommand | null> {
    this.command ??= (async () => {
      if ((await this.exec(COMPOSE_V2.binary, [...COMPOSE_V2.prefix, 'version'], this.env, DETECT_TIMEOUT_MS)).code === 0) return COMPOSE_V2;
      if ((await this.exec(COMPOSE_V1.binary, ['version'], this.env, DETECT_TIMEOUT_MS)).code === 0) return COMPOSE_V1;
      this.command = null; // maybe installed later: look again next time
      return null;
    })();
    return this.command;
  }

  /** `up -d --no-deps [--force-recreate] <service>`: creates (or recreates) the service's container. */
  up(service: string, options: { forceRecreate?: boolean } = {}): Promise<ExecResult> {
    return this.run(['up', '-d', '--no-deps', ...(options.forceRecreate ? ['--force-recreate'] : []), service]);
  }

  /** `rm --stop --force <service>`: stops and removes the service's container. */
  remove(service: string): Promise<ExecResult> {
    return this.run(['rm', '--stop', '--force', service]);
  }

  private async run(subcommand: string[]): Promise<ExecResult> {
    const command = await this.detect();
    if (!command) throw new DomainError('unavailable', 'no compose CLI found: install the docker compose plugin or docker-compose', { dependency: 'compose' });
    const files = await this.project.existingFiles();
    const result = await this.exec(command.binary, composeArgs(command, this.project.files.project, files, subcommand), this.env, 15 * 60_000);
    if (result.code !== 0) {
      throw new ComposeFailedError(`compose ${subcommand.join(' ')} failed (exit ${result.code}): ${lastLines(result.stderr)}`);
    }
    return result;
  }
}

export class ComposeFailedError extends Error {}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ').slice(0, 1000);
}
