import { parseArgs } from 'node:util';
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
  options?: Array<[string, string]>;
  config: ConfigFields;
}

export type CliRequest =
  | { kind: 'run'; args: string[]; flags: Set<string> }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; text: string };

/**
 * Reads `--help`, `--version` and the flags the spec declares (util.parseArgs); anything else
 * unknown is a usage error. `--help` and `--version` win wherever they are.
 */
export function parseCli(spec: CliSpec, argv: readonly string[]): CliRequest {
  const flagNames = (spec.options ?? []).map(([usage]) => (usage.split(/[ =]/)[0] ?? '').replace(/^--/, ''));
  const options: Record<string, { type: 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
  };
  for (const name of flagNames) options[name] = { type: 'boolean' };
  // Not strict: an unknown option is reported in our words (and --help still wins over it).
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  if (values.help === true) return { kind: 'help', text: helpText(spec) };
  if (values.version === true) return { kind: 'version', text: `${spec.binary} ${spec.version}` };
  const flags = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!flagNames.includes(token.name)) return { kind: 'usage-error', text: `${spec.binary}: unknown option ${token.rawName} (see --help)` };
    if (token.inlineValue) return { kind: 'usage-error', text: `${spec.binary}: option ${token.rawName} takes no value (see --help)` };
    flags.add(token.rawName);
  }
  if (!spec.commands && positionals.length > 0) {
    return { kind: 'usage-error', text: `${spec.binary}: unexpected argument ${positionals[0] ?? ''} (see --help)` };
  }
  return { kind: 'run', args: positionals, flags };
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
