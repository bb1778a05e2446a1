import { describeConfig, type ConfigFields } from './config';

/** Exit codes from sysexits.h that systemd and scripts understand. */
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;

export interface CliSpec {
  /** Binary name, e.g. `mapio-gpio-ha`. */
  binary: string;
  version: string;
  summary: string;
  /** `[usage line, meaning]` pairs for one-shot tools with subcommands. */
  commands?: Array<[string, string]>;
  /** `[usage, meaning]`; a usage with a placeholder (`--device <partition>`) takes a value. */
  options?: Array<[string, string]>;
  config: ConfigFields;
}

export type CliRequest =
  | { kind: 'run'; args: string[]; flags: Set<string>; values: Map<string, string> }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; text: string };

/** Reads `--help`, `--version` and the flags the spec declares; anything else unknown is a usage error. */
export function parseCli(spec: CliSpec, argv: readonly string[]): CliRequest {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', text: helpText(spec) };
  if (argv.includes('--version') || argv.includes('-V')) return { kind: 'version', text: `${spec.binary} ${spec.version}` };
  const known = new Map((spec.options ?? []).map(([usage]) => [usage.split(/[ =]/)[0] ?? usage, /[ =]</.test(usage)]));
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) {
      args.push(arg);
      continue;
    }
    const [name = arg, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    const takesValue = known.get(name);
    if (takesValue === undefined) return { kind: 'usage-error', text: `${spec.binary}: unknown option ${name} (see --help)` };
    if (!takesValue) {
      if (inline !== undefined) return { kind: 'usage-error', text: `${spec.binary}: option ${name} takes no value (see --help)` };
      flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'usage-error', text: `${spec.binary}: option ${name} needs a value (see --help)` };
    values.set(name, value);
  }
  if (!spec.commands && args.length > 0) {
    return { kind: 'usage-error', text: `${spec.binary}: unexpected argument ${args[0] ?? ''} (see --help)` };
  }
  return { kind: 'run', args, flags, values };
}

function helpText(spec: CliSpec): string {
  const lines = [`${spec.binary} ${spec.version} - ${spec.summary}`, ''];
  if (spec.commands) {
    lines.push('Usage:');
    for (const [usage, meaning] of spec.commands) lines.push(`  ${spec.binary} ${usage}`, `      ${meaning}`);
  } else {
    lines.push(`Usage: ${spec.binary} [--help] [--version]`);
  }
  lines.push('', 'Options:', '  --help, -h     this text', '  --version, -V  print the version');
  for (const [usage, meaning] of spec.options ?? []) lines.push(`  ${usage.padEnd(13)}  ${meaning}`);
  lines.push(
    '',
    'Configuration (environment variables; a JSON file named in MAPIO_CONFIG may set the same keys):',
    describeConfig(spec.config),
    '',
    `Exit codes: 0 ok, 1 failure, ${EXIT_USAGE} bad arguments, ${EXIT_CONFIG} bad configuration.`,
  );
  return lines.join('\n');
}
