import { ReconnectBackoff } from '@mapio/runtime';

describe('reconnect backoff', () => {
  it('doubles from the minimum up to the cap, then resets after a connection', () => {
    const backoff = new ReconnectBackoff(500, 4000, () => 0.5); // 0.5 = no jitter
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([500, 1000, 2000, 4000, 4000]);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('spreads retries by at most 20 % and never beyond the cap', () => {
    const low = new ReconnectBackoff(1000, 30_000, () => 0);
    const high = new ReconnectBackoff(1000, 30_000, () => 0.999);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
    const capped = new ReconnectBackoff(1000, 2000, () => 0.999);
    capped.next();
    capped.next();
    expect(capped.next()).toBe(2000);
  });
});
