import { Disposer } from '../src/disposer';

describe('Disposer', () => {
  it('undoes everything in reverse order, once', async () => {
    const order: string[] = [];
    const disposer = new Disposer();
    disposer.add(() => order.push('subscription'));
    disposer.add(async () => {
      await Promise.resolve();
      order.push('watcher');
    });
    await disposer.dispose();
    await disposer.dispose();
    expect(order).toEqual(['watcher', 'subscription']);
  });

  it('runs every cleanup when one fails and throws the first error', async () => {
    const ran: string[] = [];
    const disposer = new Disposer();
    disposer.add(() => ran.push('a'));
    disposer.add(() => {
      throw new Error('b failed');
    });
    disposer.add(() => {
      throw new Error('c failed');
    });
    await expect(disposer.dispose()).rejects.toThrow('c failed');
    expect(ran).toEqual(['a']);
  });

  it('a cleanup run early is not run again', async () => {
    let count = 0;
    const disposer = new Disposer();
    const unsubscribe = disposer.add(() => count++);
    unsubscribe();
    await disposer.dispose();
    expect(count).toBe(1);
  });

  it('clears its timers', async () => {
    jest.useFakeTimers();
    try {
      const disposer = new Disposer();
      const fired: string[] = [];
      disposer.timeout(() => fired.push('timeout'), 1000);
      disposer.interval(() => fired.push('interval'), 1000);
      jest.advanceTimersByTime(1000);
      expect(fired).toEqual(['timeout', 'interval']);
      await disposer.dispose();
      jest.advanceTimersByTime(5000);
      expect(fired).toEqual(['timeout', 'interval']);
    } finally {
      jest.useRealTimers();
    }
  });
});
