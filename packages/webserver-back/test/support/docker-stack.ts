import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureLogs, freePort, LocalRegistry, PrivateDockerd } from '@mapio/testkit';
import { stringify } from 'yaml';
import { createDockerDomain, type DockerDomain } from '../../src/docker/docker-domain';
import { createApp } from '../../src/http/app';
import { JobRegistry } from '../../src/jobs/job-registry';
import { PairingToken } from '../../src/pairing/pairing-token';
import { SessionStore } from '../../src/pairing/session-store';

/**
 * The webserver's HTTP application, in process, on a real private dockerd with a real local
 * registry and the real compose CLI; authentication on. `stop()` ends everything it started.
 */
export class DockerStack {
  readonly session: string;
  readonly pairingToken: string;
  readonly logs = captureLogs('info');

  private constructor(
    readonly engine: PrivateDockerd,
    readonly registry: LocalRegistry,
    readonly dataDir: string,
    readonly composeFile: string,
    readonly domain: DockerDomain,
    readonly jobs: JobRegistry,
    readonly server: http.Server,
    readonly baseUrl: string,
    sessions: SessionStore,
    pairingToken: string,
  ) {
    this.session = sessions.create().id;
    this.pairingToken = pairingToken;
  }

  /** `dockerTimeoutMs`: MAPIO_DOCKER_TIMEOUT_MS of the daemon (its default unless a test freezes the Engine). */
  static async start(compose: (registry: string) => Record<string, unknown>, options: { dockerTimeoutMs?: number } = {}): Promise<DockerStack> {
    const [engine, registry] = await Promise.all([PrivateDockerd.start(), LocalRegistry.start()]);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mapio-webdata-'));
    const composeFile = path.join(dataDir, 'os', 'docker-compose.yml');
    await writeFileWithDirs(composeFile, stringify(compose(registry.address)));
    const { logger } = captureLogs('info');
    const jobs = new JobRegistry();
    const domain = createDockerDomain(
      { dockerHost: engine.host, dockerTimeoutMs: options.dockerTimeoutMs ?? 10_000, composeFile, composeProject: 'mapio', dataDir },
      jobs,
      logger,
    );
    const pairing = new PairingToken();
    const sessions = new SessionStore();
    const app = createApp({
      logger,
      version: 'test',
      authEnabled: true,
      webRoot: path.join(dataDir, 'www'),
      pairing,
      sessions,
      jobs,
      api: domain.api,
      legacy: domain.legacy,
    });
    const port = await freePort();
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await domain.engine.start();
    return new DockerStack(engine, registry, dataDir, composeFile, domain, jobs, server, `http://127.0.0.1:${port}`, sessions, pairing.rotate().token);
  }

  /** A request with the session as Bearer (or `auth: null` for none). */
  async request(
    method: string,
    route: string,
    options: { body?: unknown; raw?: string; contentType?: string; auth?: string | null } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep JSON answers
  ): Promise<{ status: number; body: any; text: string; headers: Headers }> {
    const headers: Record<string, string> = {};
    const auth = options.auth === undefined ? this.session : options.auth;
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    let payload: string | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${route}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: response.status, body, text, headers: response.headers };
  }

  async stop(): Promise<void> {
    this.domain.engine.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([this.engine.destroy(), this.registry.destroy()]);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

async function writeFileWithDirs(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Reads a Server-Sent Events stream until `until` says stop (or the stream ends). */
export async function readEvents(
  url: string,
  headers: Record<string, string>,
  until: (events: Array<{ event: string; data: string }>) => boolean,
  timeoutMs = 30_000,
): Promise<Array<{ event: string; data: string }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<{ event: string; data: string }> = [];
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE ${url}: ${response.status} ${await response.text()}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        if (!event) continue;
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        events.push({ event, data });
      }
      if (until(events)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
