import { parseCli, type CliSpec } from '../src/cli';

const spec: CliSpec = {
  binary: 'mapio-x',
  version: '1.0.0',
  summary: 'test tool',
  commands: [['grow', 'grow it']],
  options: [
    ['--dry-run', 'change nothing'],
    ['--device <partition>', 'which partition'],
  ],
  config: {},
};

describe('parseCli', () => {
  it('reads flags, positional arguments and options with a value (separate or after =)', () => {
    expect(parseCli(spec, ['grow', '--device', '/dev/sda4', '--dry-run'])).toEqual({
      kind: 'run',
      args: ['grow'],
      flags: new Set(['--dry-run']),
      values: new Map([['--device', '/dev/sda4']]),
    });
    expect(parseCli(spec, ['--device=/dev/sda4', 'grow'])).toMatchObject({ args: ['grow'], values: new Map([['--device', '/dev/sda4']]) });
  });

  it('refuses unknown options, a missing value and a value given to a flag', () => {
    expect(parseCli(spec, ['grow', '--force'])).toEqual({ kind: 'usage-error', text: 'mapio-x: unknown option --force (see --help)' });
    expect(parseCli(spec, ['grow', '--device'])).toEqual({ kind: 'usage-error', text: 'mapio-x: option --device needs a value (see --help)' });
    expect(parseCli(spec, ['grow', '--dry-run=yes'])).toEqual({ kind: 'usage-error', text: 'mapio-x: option --dry-run takes no value (see --help)' });
  });
});
