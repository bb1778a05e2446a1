import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithServices, eventually, pushBusyboxImage } from '@mapio/testkit';
import { DockerStack, readEvents } from './support/docker-stack';
import { pidWithArgument, whileFrozen } from './support/frozen-process';

const SERVICES = ['dockerd', 'docker', 'docker-registry', 'docker-compose', 'busybox'];
const LOOP = "trap 'exit 0' TERM; while true; do sleep 1; done";

describeWithServices(SERVICES, 'image updates, security and Engine outages (real dockerd, registry, compose CLI)', () => {
  let stack: DockerStack;
  let appRef: string;

  beforeAll(async () => {
    stack = await DockerStack.start((registry) => ({
      services: {
        app: { image: `${registry}/demo/app:latest`, network_mode: 'none', command: ['sh', '-c', LOOP] },
        steady: { image: `${registry}/demo/steady:1.0`, network_mode: 'none', command: ['sh', '-c', LOOP] },
      },
    }));
    appRef = `${stack.registry.address}/demo/app:latest`;
    await pushBusyboxImage(stack.engine, appRef, { marker: 'v1' });
    await pushBusyboxImage(stack.engine, `${stack.registry.address}/demo/steady:1.0`, { marker: 'steady' });
    for (const name of ['app', 'steady']) expect((await stack.request('POST', `/api/v1/services/${name}/start`)).body.state).toBe('running');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const updateOf = (body: { updates: Array<{ service: string }> }, name: string) => body.updates.find((u) => u.service === name);
  const job = async (id: string) =>
    eventually(async () => {
      const current = (await stack.request('GET', `/api/v1/jobs/${id}`)).body;
      return current.state !== 'running' ? current : undefined;
    }, 60_000, `job ${id}`);

  /**
   * Pushes a new image under app's tag and keeps the one app runs as the local image, as on a device
   * where the new one was pushed elsewhere; `marker` makes it a different image.
   */
  const pushNewerApp = async (marker: string) => {
    const running = (await stack.engine.api<{ Id: string }>(`/images/${encodeURIComponent(appRef)}/json`)).Id;
    const newer = await pushBusyboxImage(stack.engine, appRef, { marker });
    await stack.engine.docker(['tag', running, appRef]);
    await stack.engine.docker(['rmi', '--force', newer.imageId]);
    return newer;
  };

  describe('update detection', () => {
    it('reports no update while the registry has the image that runs', async () => {
      const { status, body } = await stack.request('GET', '/api/v1/updates');
      expect(status).toBe(200);
      expect(updateOf(body, 'app')).toMatchObject({ updateAvailable: false, reason: null });
      expect(updateOf(body, 'steady')).toMatchObject({ updateAvailable: false });
    }, 120_000);

    it('sees a new image pushed under the same tag when asked to check (not before: the answer is cached)', async () => {
      // An answer from before the push, cached.
      expect(updateOf((await stack.request('GET', '/api/v1/updates')).body, 'app')).toMatchObject({ updateAvailable: false });
      const v2 = await pushNewerApp('v2');
      expect(updateOf((await stack.request('GET', '/api/v1/updates')).body, 'app')).toMatchObject({ updateAvailable: false });
      const checked = await stack.request('POST', '/api/v1/updates/check');
      expect(updateOf(checked.body, 'app')).toMatchObject({ updateAvailable: true, remoteDigest: v2.digest });
      expect(updateOf((await stack.request('GET', '/api/v1/updates')).body, 'app')).toMatchObject({ updateAvailable: true });
    }, 120_000);

    it('updates: pulls with progress seen over SSE and recreates the container on the new image', async () => {
      await pushNewerApp('v3');
      const before = (await stack.request('GET', '/api/v1/services/app')).body.container;
      const started = await stack.request('POST', '/api/v1/services/app/update');
      expect(started.status).toBe(202);
      const events = await readEvents(
        `${stack.baseUrl}/api/v1/jobs/${started.body.job.id}/events`,
        { authorization: `Bearer ${stack.session}` },
        (seen) => seen.some((e) => e.event === 'end'),
      );
      const progress = events.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data).progress as number);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const end = JSON.parse(events.at(-1)?.data ?? '{}');
      expect(end).toMatchObject({ state: 'succeeded', progress: 100, result: { recreated: true } });
      const after = (await stack.request('GET', '/api/v1/services/app')).body.container;
      expect(after.id).not.toBe(before.id);
      expect(after.imageId).not.toBe(before.imageId);
      expect(after.imageId).toBe(end.result.imageId);
      expect(updateOf((await stack.request('POST', '/api/v1/updates/check')).body, 'app')).toMatchObject({ updateAvailable: false });
    }, 120_000);

    it('keeps the container when the image did not change', async () => {
      const before = (await stack.request('GET', '/api/v1/services/steady')).body.container.id;
      const started = await stack.request('POST', '/api/v1/services/steady/update');
      expect((await job(started.body.job.id)).result).toMatchObject({ recreated: false });
      expect((await stack.request('GET', '/api/v1/services/steady')).body.container.id).toBe(before);
    }, 120_000);

    it('runs one job per service at a time (409 for a second one)', async () => {
      // A frozen registry holds the first pull, however fast this machine is (a pull of a small
      // image from a local registry can end before a second request arrives).
      const registry = await pidWithArgument(stack.registry.dir);
      const [first, second] = await whileFrozen(registry, async () => {
        const one = await stack.request('POST', '/api/v1/services/steady/pull');
        return [one, await stack.request('POST', '/api/v1/services/steady/pull')] as const;
      });
      expect(first.status).toBe(202);
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('conflict');
      await job(first.body.job.id);
    }, 120_000);
  });

  describe('one change at a time per service', () => {
    it('refuses every other change of a service (409 naming the job) while its update job runs', async () => {
      expect((await stack.request('POST', '/api/v1/services/app/start')).status).toBe(200);
      const before = (await stack.request('GET', '/api/v1/services/app')).body.container;
      // A frozen registry holds the update job in its pull, before it recreates the container.
      const registry = await pidWithArgument(stack.registry.dir);
      const update = await whileFrozen(registry, async () => {
        const started = await stack.request('POST', '/api/v1/services/app/update');
        expect(started.status).toBe(202);
        const jobId: string = started.body.job.id;
        const attempts: Array<[string, string, string?]> = [
          ['POST', '/api/v1/services/app/start'],
          ['POST', '/api/v1/services/app/stop'],
          ['POST', '/api/v1/services/app/restart'],
          ['POST', '/api/v1/services/app/pull'],
          ['POST', '/api/v1/services/app/update'],
          ['POST', '/docker', JSON.stringify([{ selected: true, service: 'App' }, { action: 'restart' }])],
          ['POST', '/docker-custom', JSON.stringify({ selectedServices: [before.name], select_action: 'stop' })],
        ];
        for (const [method, route, raw] of attempts) {
          const { status, body } = await stack.request(method, route, raw === undefined ? {} : { raw });
          expect({ route, status, code: body?.error?.code, jobId: body?.error?.details?.jobId }).toEqual({ route, status: 409, code: 'conflict', jobId });
        }
        expect((await stack.request('GET', `/api/v1/jobs/${jobId}`)).body.state).toBe('running');
        return jobId;
      });
      // The registry has the image that runs: the job keeps the container, and nothing else touched it.
      expect(await job(update)).toMatchObject({ state: 'succeeded', result: { recreated: false } });
      const after = (await stack.request('GET', '/api/v1/services/app')).body.container;
      expect({ id: after.id, state: after.state, startedAt: after.startedAt }).toEqual({ id: before.id, state: 'running', startedAt: before.startedAt });
      expect((await stack.request('POST', '/api/v1/services/app/restart')).body.state).toBe('running');
    }, 90_000);
  });

  describe('security', () => {
    const ROUTES: Array<[string, string]> = [
      ['GET', '/api/v1/services'],
      ['POST', '/api/v1/services'],
      ['GET', '/api/v1/services/app'],
      ['DELETE', '/api/v1/services/app'],
      ['POST', '/api/v1/services/app/stop'],
      ['POST', '/api/v1/services/app/update'],
      ['GET', '/api/v1/services/app/logs'],
      ['GET', '/api/v1/jobs/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/v1/jobs/00000000-0000-4000-8000-000000000000/events'],
      ['GET', '/api/v1/updates'],
      ['POST', '/api/v1/updates/check'],
      ['GET', '/api/v1/ports'],
      ['GET', '/api/v1/no-such-route'],
      ['GET', '/docker'],
      ['POST', '/docker'],
      ['GET', '/docker-custom'],
      ['POST', '/docker-custom'],
    ];

    it.each(ROUTES)('%s %s answers 401 without a session, and with a wrong one', async (method, route) => {
      for (const auth of [null, 'not-a-session', `${stack.session}x`]) {
        const { status, body, headers } = await stack.request(method, route, { auth });
        expect({ auth, status, code: body?.error?.code }).toEqual({ auth, status: 401, code: 'unauthorized' });
        expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    });

    it('lets health through without a session', async () => {
      expect((await stack.request('GET', '/api/v1/health', { auth: null })).status).toBe(200);
    });

    it('accepts the current pairing token as Bearer', async () => {
      expect((await stack.request('GET', '/api/v1/services', { auth: stack.pairingToken })).status).toBe(200);
    });

    it('answers /pair with a wrong token 401, and with the right one a session cookie', async () => {
      // One character changed (never to itself: the token may end with any character).
      const changed = `${stack.pairingToken.slice(0, -1)}${stack.pairingToken.endsWith('A') ? 'B' : 'A'}`;
      const wrong = await fetch(`${stack.baseUrl}/pair?token=${changed}`, { redirect: 'manual' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const right = await fetch(`${stack.baseUrl}/pair?token=${stack.pairingToken}`, { redirect: 'manual' });
      expect(right.status).toBe(302);
      expect(right.headers.get('location')).toBe('/');
      const cookie = right.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^mapio_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/);
      const withCookie = await fetch(`${stack.baseUrl}/docker`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
      expect(withCookie.status).toBe(200);
    });

    describe('injection payloads are refused with 400 and change nothing', () => {
      const canary = path.join(os.tmpdir(), `mapio-pwned-${process.pid}`);
      const PAYLOADS = [
        'app;touch ' + canary,
        `$(touch ${canary})`,
        `\`touch ${canary}\``,
        '../../etc/passwd',
        'app\ntouch',
        'a'.repeat(300),
        'ãpp',
        'app && reboot',
        '-rm',
      ];
      let containersBefore: string;
      let filesBefore: string[];

      const snapshot = async () =>
        JSON.stringify(
          (await stack.engine.api<Array<{ Id: string; State: string; Image: string }>>('/containers/json?all=1'))
            .map((c) => [c.Id, c.State, c.Image])
            .sort(),
        );
      beforeAll(async () => {
        containersBefore = await snapshot();
        filesBefore = readdirSync(stack.dataDir, { recursive: true }).map(String).sort();
      });
      afterEach(async () => {
        expect(await snapshot()).toBe(containersBefore);
        expect(readdirSync(stack.dataDir, { recursive: true }).map(String).sort()).toEqual(filesBefore);
        expect(existsSync(canary)).toBe(false);
      });

      it.each(PAYLOADS)('in a service name: %j', async (payload) => {
        for (const route of [`/api/v1/services/${encodeURIComponent(payload)}/restart`, `/api/v1/services/${encodeURIComponent(payload)}`]) {
          const { status, body } = await stack.request(route.endsWith('restart') ? 'POST' : 'DELETE', route);
          expect({ route, status, code: body?.error?.code }).toEqual({ route, status: 400, code: 'validation_failed' });
        }
        const created = await stack.request('POST', '/api/v1/services', { body: { name: payload, image: appRef } });
        expect(created.status).toBe(400);
        const legacy = await stack.request('POST', '/docker', { raw: JSON.stringify([{ selected: true, service: payload }, { action: 'stop' }]) });
        expect(legacy.status).toBe(400);
        const custom = await stack.request('POST', '/docker-custom', { raw: JSON.stringify({ selectedServices: [payload], select_action: 'stop' }) });
        expect(custom.status).toBe(400);
      });

      it.each(PAYLOADS)('in an action: %j', async (payload) => {
        const { status } = await stack.request('POST', `/api/v1/services/app/${encodeURIComponent(payload)}`);
        expect([400, 404]).toContain(status);
        const legacy = await stack.request('POST', '/docker', { raw: JSON.stringify([{ selected: true, service: 'App' }, { action: payload }]) });
        expect(legacy.status).toBe(400);
        const custom = await stack.request('POST', '/docker-custom', { raw: JSON.stringify({ selectedServices: ['x'], select_action: payload }) });
        expect(custom.status).toBe(400);
      });

      it.each(PAYLOADS)('in an image: %j', async (payload) => {
        const { status, body } = await stack.request('POST', '/api/v1/services', { body: { name: 'evil', image: payload } });
        expect({ status, field: body.error.details?.[0]?.field }).toEqual({ status: 400, field: 'body.image' });
      });

      it.each([...PAYLOADS, 0, -1, 65536, 1.5, '8080:80'])('in a port: %j', async (payload) => {
        const { status } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'evil', image: appRef, ports: [{ host: payload, container: 80 }] },
        });
        expect(status).toBe(400);
      });

      it.each([...PAYLOADS, '/etc', '/', `${os.tmpdir()}/../etc`, '$HOME', 'vol:/etc'])('in a volume source: %j', async (payload) => {
        const { status } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'evil', image: appRef, volumes: [{ source: payload, target: '/data' }] },
        });
        expect(status).toBe(400);
      });

      it('in a volume source escaping the data directory with ..', async () => {
        const { status } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'evil', image: appRef, volumes: [{ source: `${stack.dataDir}/../../etc`, target: '/data' }] },
        });
        expect(status).toBe(400);
      });

      it.each(['/data:/etc', 'relative', '/data/../../etc', '/data\n'])('in a volume target: %j', async (payload) => {
        const { status } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'evil', image: appRef, volumes: [{ source: 'named', target: payload }] },
        });
        expect(status).toBe(400);
      });

      it('in unknown fields and oversized bodies (413)', async () => {
        expect((await stack.request('POST', '/api/v1/services', { body: { name: 'evil', image: appRef, privileged: true } })).status).toBe(400);
        const big = await stack.request('POST', '/api/v1/services', { body: { name: 'evil', image: appRef, environment: { A: 'x'.repeat(70_000) } } });
        expect(big.status).toBe(413);
        expect(big.body.error.code).toBe('payload_too_large');
        const legacyBig = await stack.request('POST', '/docker', { raw: `[${'{"selected":true,"service":"App"},'.repeat(1000)}{"action":"stop"}]` });
        expect(legacyBig.status).toBe(413);
      });
    });
  });

  describe('when the Engine goes away', () => {
    it('answers 503 docker_unavailable, and works again once it is back, without a restart', async () => {
      await stack.engine.stop();
      await eventually(async () => (await stack.request('GET', '/api/v1/services')).status === 503, 20_000, '503 after the Engine stopped');
      for (const route of ['/api/v1/services', '/docker', '/docker-custom', '/api/v1/ports', '/api/v1/updates']) {
        const { status, body } = await stack.request('GET', route);
        expect({ route, status, code: body.error.code }).toEqual({ route, status: 503, code: 'docker_unavailable' });
      }
      expect((await stack.request('POST', '/api/v1/services/app/start')).status).toBe(503);
      await stack.engine.start();
      const services = await eventually(async () => {
        const response = await stack.request('GET', '/api/v1/services');
        return response.status === 200 ? response.body.services : undefined;
      }, 20_000, 'services answered again');
      expect(services.map((s: { name: string }) => s.name)).toEqual(['app', 'steady']);
      expect((await stack.request('POST', '/api/v1/services/app/start')).body.state).toBe('running');
    }, 180_000);
  });
});
