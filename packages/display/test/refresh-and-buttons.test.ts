import { Debouncer } from '../src/buttons/debouncer';
import { RefreshPolicy } from '../src/panel/refresh-policy';

describe('refresh policy', () => {
  const HOUR = 3_600_000;
  const policy = () => new RefreshPolicy({ fullEvery: 5, fullAfterMs: HOUR, fullKind: 'full' });

  it('starts with a full refresh (nothing is known of the panel)', () => {
    expect(policy().choose(0)).toBe('full');
    expect(policy().choose(0, true)).toBe('full');
  });

  it('does 5 partial refreshes, then a full one', () => {
    const p = policy();
    p.record('full', 0);
    const kinds = [];
    for (let i = 1; i <= 12; i++) {
      const kind = p.choose(i * 1000);
      kinds.push(kind);
      p.record(kind, i * 1000);
    }
    expect(kinds).toEqual(['partial', 'partial', 'partial', 'partial', 'partial', 'full', 'partial', 'partial', 'partial', 'partial', 'partial', 'full']);
  });

  it('does a full refresh when the last one is an hour old, however few partial ones there were', () => {
    const p = policy();
    p.record('full', 0);
    expect(p.choose(HOUR - 1)).toBe('partial');
    expect(p.choose(HOUR)).toBe('full');
  });

  it('draws the transient "Wait..." box partially even when a full refresh is due', () => {
    const p = policy();
    p.record('full', 0);
    expect(p.choose(2 * HOUR, true)).toBe('partial');
    expect(p.choose(2 * HOUR)).toBe('full');
  });

  it('uses the fast refresh as "full" when configured (V4 panels)', () => {
    const p = new RefreshPolicy({ fullEvery: 1, fullAfterMs: HOUR, fullKind: 'fast' });
    expect(p.choose(0)).toBe('fast');
    p.record('fast', 0);
    p.record('partial', 1);
    expect(p.choose(2)).toBe('fast');
  });

  it('goes back to a full refresh after a failure', () => {
    const p = policy();
    p.record('full', 0);
    p.invalidate();
    expect(p.choose(1)).toBe('full');
  });
});

describe('button debouncing', () => {
  it('takes the first falling edge and ignores the bounces within 50 ms', () => {
    const debouncer = new Debouncer(50);
    expect([0, 3, 12, 49, 50, 120].map((t) => debouncer.accept('down', 1000 + t))).toEqual([true, false, false, false, true, true]);
  });

  it('debounces each button on its own', () => {
    const debouncer = new Debouncer(50);
    expect(debouncer.accept('down', 1000)).toBe(true);
    expect(debouncer.accept('up', 1001)).toBe(true);
    expect(debouncer.accept('mid', 1002)).toBe(true);
    expect(debouncer.accept('down', 1010)).toBe(false);
  });
});
