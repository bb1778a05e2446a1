import { parseAnsi } from '../src/logic/ansi';
import { formatAgo, formatBytes, formatDuration, formatPublishedPort } from '../src/logic/format';

describe('log lines with ANSI colours', () => {
  it('splits a coloured line into styled runs', () => {
    expect(parseAnsi('\x1b[1;31mERROR\x1b[0m disk full')).toEqual([
      { text: 'ERROR', bold: true, dim: false, italic: false, underline: false, color: '#cd3131', background: null },
      { text: ' disk full', bold: false, dim: false, italic: false, underline: false, color: null, background: null },
    ]);
  });

  it('knows bright, 256-colour and true-colour codes', () => {
    const [bright] = parseAnsi('\x1b[92mok');
    const [indexed] = parseAnsi('\x1b[38;5;196mred');
    const [truecolour] = parseAnsi('\x1b[48;2;10;20;30mbg');
    expect(bright?.color).toBe('#23d18b');
    expect(indexed?.color).toBe('rgb(255, 0, 0)');
    expect(truecolour?.background).toBe('rgb(10, 20, 30)');
  });

  it('drops cursor moves, titles and control characters but keeps the text', () => {
    const text = parseAnsi('\x1b[2K\x1b]0;title\x07progress\r 50%\x00')
      .map((s) => s.text)
      .join('');
    expect(text).toBe('progress 50%');
  });

  it('keeps markup as plain text (the component renders text nodes)', () => {
    expect(parseAnsi('<img src=x onerror=alert(1)>')).toEqual([expect.objectContaining({ text: '<img src=x onerror=alert(1)>' })]);
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1536, '1.5 kB'],
    [52_400_000, '52 MB'],
  ])('%d bytes read %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [42, '42 s'],
    [3660, '1 h 1 min'],
    [93784, '1 d 2 h'],
  ])('%d seconds read %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it('says how long ago, or never', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo('2026-12-01T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-12-01T11:55:00Z', now)).toBe('5 min ago');
  });

  it('shows a published port as docker does, without the any-address', () => {
    expect(formatPublishedPort({ hostIp: '0.0.0.0', hostPort: 8123, containerPort: 80, protocol: 'tcp' })).toBe('8123->80/tcp');
    expect(formatPublishedPort({ hostIp: '127.0.0.1', hostPort: 53, containerPort: 53, protocol: 'udp' })).toBe('127.0.0.1:53->53/udp');
  });
});
