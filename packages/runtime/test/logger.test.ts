import { PassThrough } from 'node:stream';
import { createLogger } from '@mapio/runtime';

describe('logger', () => {
  it('writes one JSON line per event and never a secret', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger({ name: 'mapio-test', level: 'info', format: 'json', destination: out });
    logger.info({ password: 'hunter2', pairing: { token: 'abcdef' }, port: 8456 }, 'configured');
    logger.debug('not at info level');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ name: 'mapio-test', msg: 'configured', port: 8456, password: '[redacted]' });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abcdef');
  });
});
