import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeWithServices, eventually, pushBusyboxImage } from '@mapio/testkit';
import { DockerStack } from './support/docker-stack';
import { whileFrozen } from './support/frozen-process';

const SERVICES = ['dockerd', 'docker', 'docker-registry', 'docker-compose', 'busybox'];
const LOOP = "trap 'exit 0' TERM; while true; do sleep 1; done";
// Short enough for the test, long enough for a loaded machine's dockerd to answer the calls before the freeze.
const TIMEOUT_MS = 5000;

describeWithServices(SERVICES, 'a frozen Docker Engine (SIGSTOPped dockerd)', () => {
  let stack: DockerStack;

  beforeAll(async () => {
    stack = await DockerStack.start(
      (registry) => ({
        services: { worker: { image: `${registry}/demo/app:latest`, network_mode: 'none', command: ['sh', '-c', LOOP], stop_grace_period: '1s' } },
      }),
      { dockerTimeoutMs: TIMEOUT_MS },
    );
    await pushBusyboxImage(stack.engine, `${stack.registry.address}/demo/app:latest`, { marker: 'v1' });
    expect((await stack.request('POST', '/api/v1/services/worker/start')).body.state).toBe('running');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('answers a restart 503 once the call is overdue, counts the Engine unreachable, and recovers when it answers', async () => {
    const pid = Number((await readFile(path.join(stack.engine.dir, 'dockerd.pid'), 'utf8')).trim());
    await whileFrozen(pid, async () => {
      const restart = await stack.request('POST', '/api/v1/services/worker/restart');
      // stop_grace_period 1 s + MAPIO_DOCKER_TIMEOUT_MS 5 s
      expect({ status: restart.status, code: restart.body?.error?.code }).toEqual({ status: 503, code: 'docker_unavailable' });
      expect(restart.body.error.message).toMatch(/did not answer POST \/containers\/[0-9a-f]+\/restart within 6 s/);
      expect(stack.domain.engine.state).toBe('unreachable');
      for (const route of ['/api/v1/services', '/docker']) {
        const { status, body } = await stack.request('GET', route);
        expect({ route, status, code: body?.error?.code }).toEqual({ route, status: 503, code: 'docker_unavailable' });
      }
    });
    const services = await eventually(async () => {
      const response = await stack.request('GET', '/api/v1/services');
      return response.status === 200 ? response.body.services : undefined;
    }, 60_000, 'services answered again after SIGCONT');
    expect(services.map((s: { name: string }) => s.name)).toEqual(['worker']);
    expect((await stack.request('POST', '/api/v1/services/worker/restart')).body.state).toBe('running');
  }, 120_000);
});
