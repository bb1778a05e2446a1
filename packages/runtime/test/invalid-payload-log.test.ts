import { captureLogs } from '@mapio/testkit';
import { InvalidPayloadLog } from '../src/invalid-payload-log';

describe('InvalidPayloadLog (warnings about invalid incoming payloads, bounded)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const messages = (logs: ReturnType<typeof captureLogs>) => logs.lines().map((l) => [l.msg, l.topic, l.dropped ?? l.reason]);

  it('warns in full once per topic, counts the rest, reports the counts once per period', () => {
    const logs = captureLogs();
    const log = new InvalidPayloadLog(logs.logger, 60_000);
    for (let i = 0; i < 1000; i++) log.note('mapio/a', `bad ${i}`);
    log.note('mapio/b', 'bad b');
    expect(messages(logs)).toEqual([
      ['invalid payload dropped', 'mapio/a', 'bad 0'],
      ['invalid payload dropped', 'mapio/b', 'bad b'],
    ]);
    jest.advanceTimersByTime(60_000);
    expect(messages(logs).slice(2)).toEqual([['invalid payloads dropped', 'mapio/a', 999]]);
    expect(logs.lines().at(-1)).toMatchObject({ lastReason: 'bad 999', periodMs: 60_000 });
  });

  it('starts again with a full warning after a quiet period', () => {
    const logs = captureLogs();
    const log = new InvalidPayloadLog(logs.logger, 1000);
    log.note('mapio/a', 'first');
    jest.advanceTimersByTime(1000); // nothing more: forgotten
    log.note('mapio/a', 'again');
    expect(messages(logs)).toEqual([
      ['invalid payload dropped', 'mapio/a', 'first'],
      ['invalid payload dropped', 'mapio/a', 'again'],
    ]);
  });

  it('counts a flood of made-up topics together past the first hundred', () => {
    const logs = captureLogs();
    const log = new InvalidPayloadLog(logs.logger, 1000);
    for (let i = 0; i < 5000; i++) log.note(`mapio/x${i}/availability`, 'bad');
    expect(logs.lines()).toHaveLength(100);
    log.close();
    expect(logs.lines().at(-1)).toMatchObject({ msg: 'invalid payloads dropped', topic: '(other topics)', dropped: 4900 });
  });
});
