import { existsSync, readFileSync } from 'node:fs';
import { MqttBus } from '@mapio/runtime';
import { captureLogs, describeWithServices, eventually, freePort, MosquittoBroker, MqttRecorder, pushBusyboxImage } from '@mapio/testkit';
import { DockerStatePublisher } from '../src/docker/docker-state-publisher';
import { DockerStack, readEvents } from './support/docker-stack';

const SERVICES = ['dockerd', 'docker', 'docker-registry', 'docker-compose', 'busybox', 'mosquitto'];
const LOOP = "trap 'exit 0' TERM; echo started; echo warning >&2; printf '\\033[31mred\\033[0m\\n'; while true; do sleep 1; echo tick; done";

describeWithServices(SERVICES, 'Docker services over HTTP (real dockerd, registry, compose CLI)', () => {
  let stack: DockerStack;
  let webPort: number;
  let hostPort: number;
  let reservedPort: number;

  beforeAll(async () => {
    [webPort, hostPort, reservedPort] = [await freePort(), await freePort(), await freePort()];
    stack = await DockerStack.start((registry) => ({
      services: {
        web: {
          image: `${registry}/mapio/app:latest`,
          command: ['httpd', '-f', '-p', '80', '-h', '/tmp'],
          ports: [`127.0.0.1:${webPort}:80`],
          stop_signal: 'SIGKILL',
        },
        worker: { image: `${registry}/mapio/app:latest`, network_mode: 'none', command: ['sh', '-c', LOOP], stop_grace_period: '3s' },
        hostsvc: {
          image: `${registry}/mapio/app:latest`,
          network_mode: 'host',
          command: ['httpd', '-f', '-p', `127.0.0.1:${hostPort}`, '-h', '/tmp'],
          stop_signal: 'SIGKILL',
        },
        reserved: { image: `${registry}/mapio/app:latest`, ports: [`127.0.0.1:${reservedPort}:80`] },
      },
    }));
    await pushBusyboxImage(stack.engine, `${stack.registry.address}/mapio/app:latest`, { marker: 'app' });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const service = async (name: string) => {
    const response = await stack.request('GET', `/api/v1/services/${name}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  /** Each test brings up what it relies on: it must pass alone (`-t`) as well as after the others. */
  const running = async (...names: string[]) => {
    for (const name of names) {
      if ((await service(name)).state === 'running') continue;
      expect((await stack.request('POST', `/api/v1/services/${name}/start`)).body.state).toBe('running');
    }
    return service(names[0] ?? 'worker');
  };

  const hostsvcListening = () =>
    eventually(async () => (await fetch(`http://127.0.0.1:${hostPort}/`).catch(() => null)) !== null, 20_000, 'hostsvc listening');

  /** Creates a custom service and waits for its job; returns the job as it ended. */
  const createCustom = async (spec: Record<string, unknown>) => {
    const { status, body } = await stack.request('POST', '/api/v1/services', { body: { image: `${stack.registry.address}/mapio/app:latest`, ...spec } });
    expect(status).toBe(202);
    return eventually(async () => {
      const current = (await stack.request('GET', `/api/v1/jobs/${body.job.id}`)).body;
      return current.state !== 'running' ? current : undefined;
    }, 60_000, 'create job');
  };

  describe('listing', () => {
    it('lists every compose service with its source, missing when it has no container', async () => {
      const { status, body } = await stack.request('GET', '/api/v1/services');
      expect(status).toBe(200);
      expect(body.services.map((s: { name: string; source: string; state: string }) => [s.name, s.source, s.state])).toEqual([
        ['hostsvc', 'base', 'missing'],
        ['reserved', 'base', 'missing'],
        ['web', 'base', 'missing'],
        ['worker', 'base', 'missing'],
      ]);
    });

    it('answers 404 in the error envelope for an unknown service', async () => {
      const { status, body } = await stack.request('GET', '/api/v1/services/nosuch');
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('nosuch') } });
    });
  });

  describe('start, stop, restart', () => {
    it('brings a service with no container up on start', async () => {
      const { status, body } = await stack.request('POST', '/api/v1/services/worker/start');
      expect(status).toBe(200);
      expect(body.state).toBe('running');
      expect(body.container.status).toMatch(/^Up /);
      const inspect = await stack.engine.api<Array<{ Labels: Record<string, string>; State: string }>>('/containers/json?all=1');
      expect(inspect.find((c) => c.Labels['com.docker.compose.service'] === 'worker')?.State).toBe('running');
    }, 120_000);

    it('stops and starts it again through the Engine', async () => {
      await running('worker');
      expect((await stack.request('POST', '/api/v1/services/worker/stop')).body.state).toBe('exited');
      const started = await stack.request('POST', '/api/v1/services/worker/start');
      expect(started.body.state).toBe('running');
    }, 120_000);

    it('restarts it (a new start time)', async () => {
      // The Engine's StartedAt has nanoseconds: two starts never share one.
      const before = (await running('worker')).container.startedAt;
      const { body } = await stack.request('POST', '/api/v1/services/worker/restart');
      expect(body.state).toBe('running');
      expect(body.container.startedAt).not.toBe(before);
    }, 120_000);

    it('brings up the published-port and host-network services', async () => {
      expect((await stack.request('POST', '/api/v1/services/web/restart')).body.state).toBe('running');
      expect((await stack.request('POST', '/api/v1/services/hostsvc/start')).body.state).toBe('running');
      await hostsvcListening();
    }, 120_000);
  });

  describe('logs', () => {
    beforeAll(async () => {
      expect((await stack.request('POST', '/api/v1/services/worker/start')).body.state).toBe('running');
    }, 60_000);

    it('returns the last lines, stdout and stderr demultiplexed, ANSI codes kept', async () => {
      await eventually(async () => (await stack.request('GET', '/api/v1/services/worker/logs?tail=all')).text.includes('tick'), 20_000);
      const { status, text, headers } = await stack.request('GET', '/api/v1/services/worker/logs?tail=200');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toContain('started\n');
      expect(text).toContain('warning\n');
      expect(text).toContain('\u001b[31mred\u001b[0m');
      expect([...text].some((ch) => ch.charCodeAt(0) < 9)).toBe(false); // no multiplexing headers left
      const tail = await stack.request('GET', '/api/v1/services/worker/logs?tail=1');
      expect(tail.text.trim().split('\n')).toHaveLength(1);
    }, 120_000);

    it('follows new lines as Server-Sent Events and stops reading when the client leaves', async () => {
      const events = await readEvents(
        `${stack.baseUrl}/api/v1/services/worker/logs?follow=true&tail=0`,
        { authorization: `Bearer ${stack.session}` },
        (seen) => seen.filter((e) => e.event === 'stdout' && e.data === 'tick').length >= 2,
      );
      expect(events.filter((e) => e.event === 'stdout' && e.data === 'tick').length).toBeGreaterThanOrEqual(2);
      await eventually(() => stack.domain.logs.activeFollowers === 0, 20_000, 'log follower released');
    }, 120_000);

    it('ends a follow quietly when the reader left before the Engine answered (no error)', async () => {
      const { container } = await service('worker');
      const record = stack.domain.engine.byName(container.name);
      if (!record) throw new Error('worker has no container record');
      const frames = [];
      for await (const frame of stack.domain.logs.frames(record, { follow: true, tail: 0 }, AbortSignal.abort())) frames.push(frame);
      expect(frames).toEqual([]);
      expect(stack.domain.logs.activeFollowers).toBe(0);
    }, 30_000);

    it('rejects a bad tail with 400', async () => {
      const { status, body } = await stack.request('GET', '/api/v1/services/worker/logs?tail=;ls');
      expect(status).toBe(400);
      expect(body.error.code).toBe('validation_failed');
    });
  });

  describe('ports', () => {
    it('lists published ports, host-network listeners and declared ports, flagging conflicts', async () => {
      await running('web', 'hostsvc');
      await hostsvcListening();
      const { status, body } = await stack.request('GET', '/api/v1/ports');
      expect(status).toBe(200);
      const owners = (port: number) => body.ports.filter((p: { port: number }) => p.port === port).map((p: { owner: unknown }) => p.owner);
      expect(owners(webPort)).toContainEqual(expect.objectContaining({ kind: 'container', service: 'web', via: 'published' }));
      expect(owners(hostPort)).toContainEqual(expect.objectContaining({ kind: 'container', service: 'hostsvc', via: 'host-network' }));
      expect(owners(reservedPort)).toContainEqual({ kind: 'declared', service: 'reserved' });
      expect(body.conflicts).toEqual([]);
    }, 120_000);

    it('refuses a custom service on a port a container, a declared service or a host socket holds', async () => {
      await running('web', 'hostsvc');
      await hostsvcListening();
      for (const port of [webPort, hostPort, reservedPort]) {
        const { status, body } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'clash', image: `${stack.registry.address}/mapio/app:latest`, ports: [{ host: port, container: 80 }] },
        });
        expect({ port, status, code: body.error?.code }).toEqual({ port, status: 409, code: 'conflict' });
      }
      expect(existsSync(`${stack.dataDir}/mapio/docker-compose.custom.yml`)).toBe(false);
    });
  });

  describe('custom services', () => {
    it('creates one: written to the custom file, brought up by a job', async () => {
      const port = await freePort();
      const job = await createCustom({
        name: 'mine',
        ports: [{ host: port, container: 80 }],
        volumes: [{ source: `${stack.dataDir}/mine`, target: '/data' }],
        environment: { GREETING: 'costs $5' },
        command: ['sh', '-c', "trap 'exit 0' TERM; httpd -p 80 -h /tmp; while true; do sleep 1; done"],
        restart: 'no',
      });
      expect(job).toMatchObject({ state: 'succeeded', progress: 100, error: null });
      const custom = readFileSync(`${stack.dataDir}/mapio/docker-compose.custom.yml`, 'utf8');
      expect(custom).toContain('mine:');
      expect(custom).toContain('costs $$5');
      const mine = await service('mine');
      expect(mine).toMatchObject({ source: 'custom', state: 'running' });
      const env = await stack.engine.api<{ Config: { Env: string[] } }>(`/containers/${mine.container.id}/json`);
      expect(env.Config.Env).toContain('GREETING=costs $5');
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null)) !== null, 20_000);
    }, 180_000);

    it('refuses a name already taken', async () => {
      const { status } = await stack.request('POST', '/api/v1/services', {
        body: { name: 'web', image: `${stack.registry.address}/mapio/app:latest` },
      });
      expect(status).toBe(409);
    });

    it('deletes a custom service (container and entry), never an OS service', async () => {
      expect(await createCustom({ name: 'doomed', command: ['sh', '-c', LOOP] })).toMatchObject({ state: 'succeeded' });
      expect((await service('doomed')).state).toBe('running');
      expect((await stack.request('DELETE', '/api/v1/services/web')).status).toBe(409);
      expect((await stack.request('DELETE', '/api/v1/services/doomed')).status).toBe(204);
      expect((await stack.request('GET', '/api/v1/services/doomed')).status).toBe(404);
      expect(readFileSync(`${stack.dataDir}/mapio/docker-compose.custom.yml`, 'utf8')).not.toContain('doomed:');
      const containers = await stack.engine.api<Array<{ Labels: Record<string, string> }>>('/containers/json?all=1');
      expect(containers.some((c) => c.Labels['com.docker.compose.service'] === 'doomed')).toBe(false);
    }, 120_000);
  });

  describe('the docker state on MQTT', () => {
    it('publishes each service state on change, following Engine events (also changes made outside the daemon)', async () => {
      const broker = await MosquittoBroker.start();
      const recorder = await MqttRecorder.connect(broker.url, ['mapio/webserver-back/docker']);
      const bus = new MqttBus({ url: broker.url, clientId: 'docker-state-test', logger: captureLogs().logger });
      const publisher = new DockerStatePublisher(stack.domain.engine, stack.domain.catalog, bus, captureLogs().logger);
      const stateOf = (payload: string, name: string) =>
        (JSON.parse(payload) as { services: Array<{ name: string; state: string }> }).services.find((s) => s.name === name)?.state;
      try {
        await running('worker');
        await publisher.start();
        const first = await recorder.waitFor('mapio/webserver-back/docker', (p) => stateOf(p, 'worker') === 'running');
        expect(JSON.parse(first.payload)).toMatchObject({ engine: 'running' });
        expect(stateOf(first.payload, 'reserved')).toBe('missing');
        const worker = (await service('worker')).container.name;
        await stack.engine.docker(['stop', worker]);
        await recorder.waitFor('mapio/webserver-back/docker', (p) => stateOf(p, 'worker') === 'exited', 20_000);
        await stack.engine.docker(['start', worker]);
        await recorder.waitFor('mapio/webserver-back/docker', (p, m) => m.at > first.at && stateOf(p, 'worker') === 'running', 20_000);

        // A custom service whose image cannot be pulled never gets a container (no Engine event):
        // it is published all the same, as missing, and goes when it is deleted.
        const { status, body } = await stack.request('POST', '/api/v1/services', {
          body: { name: 'ghost', image: `${stack.registry.address}/mapio/nowhere:latest` },
        });
        expect(status).toBe(202);
        await recorder.waitFor('mapio/webserver-back/docker', (p) => stateOf(p, 'ghost') === 'missing', 20_000);
        await eventually(async () => (await stack.request('GET', `/api/v1/jobs/${body.job.id}`)).body.state === 'failed', 30_000, 'pull fails');
        const deletedAt = Date.now();
        expect((await stack.request('DELETE', '/api/v1/services/ghost')).status).toBe(204);
        await recorder.waitFor('mapio/webserver-back/docker', (p, m) => m.at >= deletedAt && stateOf(p, 'ghost') === undefined, 20_000);
      } finally {
        await publisher.stop();
        await bus.close();
        await recorder.close();
        await broker.destroy();
      }
    }, 120_000);
  });

  describe('legacy routes, in the exact encoding of the existing front end', () => {
    it('GET /docker lists running containers by name', async () => {
      const { status, body } = await stack.request('GET', '/docker');
      expect(status).toBe(200);
      const names = (await stack.request('GET', '/api/v1/services')).body.services
        .filter((s: { state: string }) => s.state === 'running')
        .map((s: { container: { name: string } }) => ({ name: s.container.name }));
      expect(body).toEqual(expect.arrayContaining(names));
      expect(body).toHaveLength(names.length);
    });

    it('POST /docker restarts the selected services (capitalised names, JSON string sent form-urlencoded)', async () => {
      const before = (await running('worker', 'web')).container.startedAt;
      const raw = JSON.stringify([{ selected: true, service: 'Worker' }, { selected: false, service: 'Web' }, { action: 'restart' }]);
      const webBefore = (await service('web')).container.startedAt;
      const { status } = await stack.request('POST', '/docker', { raw, contentType: 'application/x-www-form-urlencoded' });
      expect(status).toBe(200);
      expect((await service('worker')).container.startedAt).not.toBe(before);
      expect((await service('web')).container.startedAt).toBe(webBefore);
    }, 120_000);

    it('GET /docker-custom gives every container with the first word of its status', async () => {
      const worker = (await running('worker')).container.name;
      const { body } = await stack.request('GET', '/docker-custom');
      expect(body).toContainEqual({ name: worker, status: 'Up' });
    });

    it('POST /docker-custom stops containers by name', async () => {
      const worker = (await running('worker')).container.name;
      const raw = JSON.stringify({ selectedServices: [worker], select_action: 'stop' });
      expect((await stack.request('POST', '/docker-custom', { raw })).status).toBe(200);
      expect((await stack.request('GET', '/docker-custom')).body).toContainEqual({ name: worker, status: 'Exited' });
      await stack.request('POST', '/docker-custom', { raw: JSON.stringify({ selectedServices: [worker], select_action: 'start' }) });
    }, 120_000);

    it('answers 4xx with a JSON error for unknown actions, names and malformed bodies', async () => {
      const cases: Array<[string, string, number]> = [
        ['/docker', JSON.stringify([{ selected: true, service: 'Worker' }, { action: 'rm' }]), 400],
        ['/docker', JSON.stringify([{ selected: true, service: 'Nosuch' }, { action: 'stop' }]), 404],
        ['/docker', 'selected=true&service=Worker', 400],
        ['/docker-custom', JSON.stringify({ selectedServices: ['nosuch'], select_action: 'stop' }), 404],
        ['/docker-custom', JSON.stringify({ selectedServices: ['x'], select_action: 'kill' }), 400],
      ];
      for (const [route, raw, expected] of cases) {
        const { status, body } = await stack.request('POST', route, { raw });
        expect({ route, raw, status, hasError: typeof body?.error?.code }).toEqual({ route, raw, status: expected, hasError: 'string' });
      }
    });
  });
});
