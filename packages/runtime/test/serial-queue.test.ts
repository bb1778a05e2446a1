import { SerialQueue } from '@mapio/runtime';

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
