import { QueueStoppedError, SerialQueue } from '@mapio/runtime';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('runs tasks one at a time, in the order they were queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 30)), queue.run(task('b', 1)), queue.run(task('c', 10))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('gives a failure to its own caller only; later tasks still run', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error('GPIO write failed');
    });
    const next = queue.run(async () => 'relay ON');
    await expect(failed).rejects.toThrow('GPIO write failed');
    await expect(next).resolves.toBe('relay ON');
  });

  it('drains: waits for what is queued, and resolves even after a failure', async () => {
    const queue = new SerialQueue();
    let done = false;
    void queue.run(async () => {
      await tick(20);
      done = true;
    });
    queue.run(async () => Promise.reject(new Error('x'))).catch(() => undefined);
    await queue.drained();
    expect(done).toBe(true);
  });
});

describe('SerialQueue.stop (a daemon stopping with commands queued)', () => {
  it('finishes the task running, drops the ones not started, and says how many', async () => {
    const queue = new SerialQueue();
    const ran: number[] = [];
    let release: () => void = () => undefined;
    const inFlight = queue.run(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      ran.push(0);
      return 'done';
    });
    const queued = [1, 2, 3].map((n) => queue.run(async () => void ran.push(n)));
    const commands = [4, 5].map((n) => queue.submit(async () => void ran.push(n)));
    await tick(0);
    const stopped = queue.stop();
    release();
    expect(await stopped).toBe(5);
    await expect(inFlight).resolves.toBe('done');
    for (const task of queued) await expect(task).rejects.toBeInstanceOf(QueueStoppedError);
    for (const command of commands) await expect(command).resolves.toBeUndefined();
    await expect(queue.run(async () => 'late')).rejects.toBeInstanceOf(QueueStoppedError);
    expect(ran).toEqual([0]);
  });

  it('gives a submitted command its real failure', async () => {
    const queue = new SerialQueue();
    await expect(queue.submit(async () => Promise.reject(new Error('GPIO write failed')))).rejects.toThrow('GPIO write failed');
  });
});
