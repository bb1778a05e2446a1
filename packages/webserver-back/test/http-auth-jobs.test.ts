import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os, { type NetworkInterfaceInfo } from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import { captureLogs, eventually } from '@mapio/testkit';
import { DomainError, type DomainErrorKind } from '../src/domain-error';
import { createApp } from '../src/http/app';
import { reachableAddresses } from '../src/http/local-urls';
import { JobRegistry, type JobEvent } from '../src/jobs/job-registry';
import { cookieValue, presentedCredential } from '../src/pairing/authentication';
import { PairingToken, PAIRING_TOKEN_LIFETIME_MS } from '../src/pairing/pairing-token';
import { SessionStore } from '../src/pairing/session-store';

describe('credentials on a request', () => {
  it('takes a Bearer token first, else the session cookie', () => {
    expect(presentedCredential('Bearer abc', 'mapio_session=def')).toBe('abc');
    expect(presentedCredential(undefined, 'theme=dark; mapio_session=def; other=1')).toBe('def');
    expect(presentedCredential('Basic dXNlcg==', undefined)).toBeUndefined();
    expect(presentedCredential(`Bearer ${'x'.repeat(600)}`, undefined)).toBeUndefined();
    expect(cookieValue('a=1;b=2', 'b')).toBe('2');
  });
});

describe('pairing tokens', () => {
  it('are >= 128-bit base64url secrets, valid until they expire or rotate', () => {
    let now = 1_000_000;
    const pairing = new PairingToken(PAIRING_TOKEN_LIFETIME_MS, () => now);
    const first = pairing.rotate();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pairing.verify(first.token)).toBe(true);
    expect(pairing.verify(first.token.slice(0, -1))).toBe(false);
    const second = pairing.rotate();
    expect(pairing.verify(first.token)).toBe(false);
    now += PAIRING_TOKEN_LIFETIME_MS;
    expect(pairing.verify(second.token)).toBe(false);
  });

  it('make sessions that expire after 30 days', () => {
    let now = 0;
    const sessions = new SessionStore(() => now);
    const { id, maxAgeMs } = sessions.create();
    expect(sessions.verify(id)).toBe(true);
    expect(sessions.verify(`${id}x`)).toBe(false);
    now += maxAgeMs;
    expect(sessions.verify(id)).toBe(false);
  });
});

describe('the addresses in the published URLs', () => {
  it('are the bound address, or every external IPv4 then loopback', () => {
    expect(reachableAddresses('127.0.0.1')).toEqual(['127.0.0.1']);
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }, { address: 'fe80::1', family: 'IPv6', internal: false }],
    } as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>;
    expect(reachableAddresses('0.0.0.0', interfaces)).toEqual(['192.168.1.20', '127.0.0.1']);
  });
});

describe('jobs', () => {
  it('report progress and end, replaying their history to late followers', async () => {
    const jobs = new JobRegistry();
    let finish: () => void = () => undefined;
    const job = await jobs.run('pull', 'web', async (report) => {
      report.progress(10, 'layer a: Downloading');
      report.progress(5); // never goes back
      await new Promise<void>((resolve) => (finish = resolve));
      return { ok: true };
    });
    await expect(jobs.run('update', 'web', async () => undefined)).rejects.toMatchObject({ kind: 'conflict', details: { jobId: job.id, kind: 'pull' } });
    const seen: JobEvent[] = [];
    jobs.follow(job.id, 0, (event) => seen.push(event));
    expect(seen.map((e) => [e.type, e.job.progress])).toEqual([['progress', 10]]);
    finish();
    await eventually(() => jobs.get(job.id)?.state === 'succeeded');
    expect(seen.at(-1)).toMatchObject({ type: 'end', job: { state: 'succeeded', progress: 100, result: { ok: true } } });
    expect(jobs.get(job.id)?.messages).toEqual(['layer a: Downloading']);
  });

  it('record a failure with its message', async () => {
    const jobs = new JobRegistry();
    const job = await jobs.run('pull', 'web', async () => {
      throw new Error('manifest unknown');
    });
    await eventually(() => jobs.get(job.id)?.state === 'failed');
    expect(jobs.get(job.id)).toMatchObject({ error: 'manifest unknown', messages: ['failed: manifest unknown'] });
  });

  it('guard their target for awaited operations too, and free it when they end', async () => {
    const jobs = new JobRegistry();
    let finish: () => void = () => undefined;
    const restart = jobs.exclusive('restart', 'web', () => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    const running = jobs.runningFor('web');
    expect(running).toMatchObject({ kind: 'restart', state: 'running' });
    await expect(jobs.exclusive('stop', 'web', async () => 'no')).rejects.toMatchObject({ kind: 'conflict', details: { jobId: running?.id } });
    await expect(jobs.run('update', 'web', async () => undefined)).rejects.toMatchObject({ kind: 'conflict' });
    finish();
    await expect(restart).resolves.toBe('done');
    await expect(jobs.exclusive('stop', 'web', async () => 'stopped')).resolves.toBe('stopped');
  });

  it('leave no job when their preparation fails, and free the target', async () => {
    const jobs = new JobRegistry();
    await expect(
      jobs.run('create', 'mine', async () => undefined, async () => {
        throw new Error('custom file unreadable');
      }),
    ).rejects.toThrow('custom file unreadable');
    expect(jobs.runningFor('mine')).toBeUndefined();
  });
});

describe('the HTTP application', () => {
  let server: http.Server;
  let base: string;
  let webRoot: string;
  const logs = captureLogs('info');
  const sessions = new SessionStore();
  const session = sessions.create().id;

  beforeAll(async () => {
    webRoot = mkdtempSync(path.join(os.tmpdir(), 'mapio-www-'));
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), '<html>app</html>');
    writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const api = Router();
    api.get('/fine', (_req, res) => {
      res.json({ ok: true });
    });
    api.get('/boom', () => {
      throw new Error('secret internals');
    });
    api.get('/domain-error/:kind/:dependency', (req) => {
      const { kind, dependency } = req.params as { kind: DomainErrorKind; dependency: string };
      throw new DomainError(kind, `failed as ${kind}`, { details: { jobId: 'j1' }, ...(dependency === 'none' ? {} : { dependency }) });
    });
    const app = createApp({
      logger: logs.logger,
      version: '1.2.3',
      authEnabled: true,
      webRoot,
      pairing: new PairingToken(),
      sessions,
      jobs: new JobRegistry(),
      api: [api],
      legacy: [],
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(webRoot, { recursive: true, force: true });
  });

  it("serves the front end's files without a session, index.html for app routes once paired", async () => {
    expect(await (await fetch(`${base}/`)).text()).toBe('<html>app</html>');
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe('console.log(1)');
    const unpaired = await fetch(`${base}/settings/wifi`, { headers: { accept: 'text/html' } });
    expect(unpaired.status).toBe(401);
    expect(await unpaired.text()).toContain('<title>Pair with your MAPIO</title>');
    const paired = await fetch(`${base}/settings/wifi`, { headers: { accept: 'text/html', authorization: `Bearer ${session}` } });
    expect(await paired.text()).toBe('<html>app</html>');
  });

  it('never answers an API or legacy path with the front end', async () => {
    for (const route of ['/api/v1/nothing', '/docker', '/version']) {
      const response = await fetch(`${base}${route}`, { headers: { accept: 'text/html' } });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  it('answers unknown routes 404 and failures 500 in the envelope, without internals', async () => {
    const headers = { authorization: `Bearer ${session}` };
    const missing = await fetch(`${base}/api/v1/nothing`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/nothing' } });
    const boom = await fetch(`${base}/api/v1/boom`, { headers });
    expect(boom.status).toBe(500);
    const body = await boom.json();
    expect(body).toEqual({ error: { code: 'internal', message: 'internal error (see the daemon log)' } });
    expect(logs.lines().some((line) => line.err === 'secret internals')).toBe(true);
  });

  it.each([
    ['invalid', 'none', 400, 'validation_failed'],
    ['not_found', 'none', 404, 'not_found'],
    ['conflict', 'none', 409, 'conflict'],
    ['too_large', 'none', 413, 'payload_too_large'],
    ['insufficient_storage', 'none', 507, 'insufficient_storage'],
    ['unavailable', 'docker', 503, 'docker_unavailable'],
    ['unavailable', 'compose', 503, 'compose_unavailable'],
    ['unavailable', 'rauc', 503, 'unavailable'],
  ])('maps a domain error %s (dependency %s) to %i %s in the envelope', async (kind, dependency, status, code) => {
    const response = await fetch(`${base}/api/v1/domain-error/${kind}/${dependency}`, { headers: { authorization: `Bearer ${session}` } });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: `failed as ${kind}`, details: { jobId: 'j1' } } });
  });

  it('logs one access line per request with the path only', async () => {
    await fetch(`${base}/pair?token=abcdefghijklmnopqrstuvwxyz`);
    const line = await eventually(() => logs.lines().find((l) => (l.req as { path?: string } | undefined)?.path === '/pair'));
    expect(line).toMatchObject({ req: { method: 'GET', path: '/pair' }, res: { statusCode: 401 } });
    expect(JSON.stringify(logs.lines())).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  it('logs answered requests at debug only, so an info journal holds failures, not the front end polling', async () => {
    const headers = { authorization: `Bearer ${session}` };
    const answered = await fetch(`${base}/api/v1/fine`, { headers });
    expect(answered.status).toBe(200);
    // A later failing request's line proves the earlier answered one was not logged at info.
    await fetch(`${base}/api/v1/nothing`, { headers });
    await eventually(() => logs.lines().find((l) => (l.req as { path?: string } | undefined)?.path === '/api/v1/nothing'));
    expect(logs.lines().filter((l) => (l.req as { path?: string } | undefined)?.path === '/api/v1/fine')).toEqual([]);
  });

  it.each(['OPTIONS', 'PUT', 'PATCH', 'DELETE', 'POST'])('answers %s on protected paths 401 without a session', async (method) => {
    for (const route of ['/api/v1/services', '/api/v1/boom', '/api/v1/nothing', '/docker', '/settings/wifi', '/']) {
      // The front end's files are open to GET and HEAD only; any other method needs a session.
      const response = await fetch(`${base}${route}`, { method, headers: { accept: 'text/html' } });
      expect({ route, status: response.status, allow: response.headers.get('allow') }).toEqual({ route, status: 401, allow: null });
    }
  });

  it('answers health without a session', async () => {
    expect(await (await fetch(`${base}/api/v1/health`)).json()).toEqual({ status: 'ok', version: '1.2.3' });
  });
});
