import { baseConfigFields, parseCli, type CliSpec } from '@mapio/runtime';

const tool: CliSpec = {
  binary: 'mapio-tool',
  version: '1.2.3',
  summary: 'a tool',
  commands: [['boot [--dry-run]', 'boots']],
  options: [['--dry-run', 'changes nothing']],
  config: baseConfigFields,
};
const daemon: CliSpec = { binary: 'mapio-daemon', version: '1.2.3', summary: 'a daemon', config: baseConfigFields };

describe('command line of the MAPIO binaries', () => {
  it('answers --help / -h and --version / -V wherever they are, even next to a bad option', () => {
    for (const argv of [['--help'], ['-h'], ['boot', '--frobnicate', '--help']]) expect(parseCli(tool, argv).kind).toBe('help');
    expect(parseCli(tool, ['--version'])).toEqual({ kind: 'version', text: 'mapio-tool 1.2.3' });
    expect(parseCli(daemon, ['-V'])).toEqual({ kind: 'version', text: 'mapio-daemon 1.2.3' });
  });

  it('lists usage, options and the configuration in the help text', () => {
    const help = parseCli(tool, ['--help']);
    expect(help.kind === 'help' && help.text).toContain('mapio-tool boot [--dry-run]');
    expect(help.kind === 'help' && help.text).toContain('--dry-run');
    expect(help.kind === 'help' && help.text).toContain('MAPIO_MQTT_URL');
    const daemonHelp = parseCli(daemon, ['--help']);
    expect(daemonHelp.kind === 'help' && daemonHelp.text).toContain('Usage: mapio-daemon [--help] [--version]');
  });

  it('gives the command, its arguments and the declared flags', () => {
    expect(parseCli(tool, ['boot', '--dry-run'])).toEqual({ kind: 'run', args: ['boot'], flags: new Set(['--dry-run']), values: new Map() });
    expect(parseCli(tool, ['boot'])).toEqual({ kind: 'run', args: ['boot'], flags: new Set(), values: new Map() });
    expect(parseCli(daemon, [])).toEqual({ kind: 'run', args: [], flags: new Set(), values: new Map() });
  });

  it('calls anything else a usage error, in words naming it', () => {
    expect(parseCli(tool, ['boot', '--frobnicate'])).toEqual({ kind: 'usage-error', text: 'mapio-tool: unknown option --frobnicate (see --help)' });
    expect(parseCli(tool, ['-x'])).toEqual({ kind: 'usage-error', text: 'mapio-tool: unknown option -x (see --help)' });
    expect(parseCli(tool, ['boot', '--dry-run=yes'])).toEqual({ kind: 'usage-error', text: 'mapio-tool: option --dry-run takes no value (see --help)' });
    expect(parseCli(daemon, ['--dry-run'])).toEqual({ kind: 'usage-error', text: 'mapio-daemon: unknown option --dry-run (see --help)' });
    expect(parseCli(daemon, ['extra'])).toEqual({ kind: 'usage-error', text: 'mapio-daemon: unexpected argument extra (see --help)' });
  });
});

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
