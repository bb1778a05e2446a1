import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describeWithServices, LocalRegistry, PrivateDockerd, pushBusyboxImage } from '@mapio/testkit';

describeWithServices(['dockerd', 'docker', 'docker-registry', 'busybox'], 'the private Docker Engine harness', () => {
  let engine: PrivateDockerd;
  let registry: LocalRegistry;

  beforeAll(async () => {
    [engine, registry] = await Promise.all([PrivateDockerd.start(), LocalRegistry.start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([engine?.destroy(), registry?.destroy()]);
  }, 60_000);

  it('runs a container from a busybox image pushed to the local registry', async () => {
    const ref = `${registry.address}/harness/app:latest`;
    const first = await pushBusyboxImage(engine, ref, { marker: 'one' });
    const second = await pushBusyboxImage(engine, ref, { marker: 'two' });
    expect(second.digest).not.toBe(first.digest);
    expect(second.imageId).not.toBe(first.imageId);
    const out = await engine.docker(['run', '--rm', '--network', 'none', ref, 'cat', '/etc/mapio-image']);
    expect(out.trim()).toBe('two');
  }, 60_000);

  it('restarts on the same socket and data, and leaves nothing behind when destroyed', async () => {
    await engine.docker(['run', '-d', '--name', 'survivor', '--network', 'none', `${registry.address}/harness/app:latest`]);
    await engine.stop();
    expect(engine.running).toBe(false);
    await engine.start();
    const names = await engine.api<Array<{ Names: string[] }>>('/containers/json?all=1');
    expect(names.flatMap((c) => c.Names)).toContain('/survivor');
  }, 90_000);

  it('leaves no directory, mount or process behind once destroyed', async () => {
    await engine.destroy();
    expect(existsSync(engine.dir)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(engine.dir);
    const processes = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
    const mentioning = processes.filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(engine.dir);
      } catch {
        return false;
      }
    });
    expect(mentioning).toEqual([]);
  }, 60_000);
});
