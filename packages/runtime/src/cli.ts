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
  /** `[usage, meaning]`; a usage with a placeholder (`--device <partition>`) takes a value. */
  options?: Array<[string, string]>;
  config: ConfigFields;
}

export type CliRequest =
  | { kind: 'run'; args: string[]; flags: Set<string>; values: Map<string, string> }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; text: string };

/**
 * Reads `--help`, `--version` and the flags the spec declares (util.parseArgs); anything else
 * unknown is a usage error. `--help` and `--version` win wherever they are.
 */
export function parseCli(spec: CliSpec, argv: readonly string[]): CliRequest {
  // `--device <partition>` / `--timeout=<s>`: a placeholder in the usage means the option takes a value.
  const declared = new Map((spec.options ?? []).map(([usage]) => [(usage.split(/[ =]/)[0] ?? '').replace(/^--/, ''), /[ =]</.test(usage)]));
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
  };
  for (const [name, takesValue] of declared) options[name] = { type: takesValue ? 'string' : 'boolean' };
  // Not strict: an unknown option is reported in our words (and --help still wins over it).
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  } catch (error) {
    return { kind: 'usage-error', text: `${spec.binary}: ${(error as Error).message} (see --help)` };
  }
  if (parsed.values.help === true) return { kind: 'help', text: helpText(spec) };
  if (parsed.values.version === true) return { kind: 'version', text: `${spec.binary} ${spec.version}` };
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const takesValue = declared.get(token.name);
    if (takesValue === undefined) return { kind: 'usage-error', text: `${spec.binary}: unknown option ${token.rawName} (see --help)` };
    if (!takesValue) {
      if (token.inlineValue) return { kind: 'usage-error', text: `${spec.binary}: option ${token.rawName} takes no value (see --help)` };
      flags.add(token.rawName);
      continue;
    }
    if (token.value === undefined || token.value === '') return { kind: 'usage-error', text: `${spec.binary}: option ${token.rawName} needs a value (see --help)` };
    values.set(token.rawName, token.value);
  }
  if (!spec.commands && parsed.positionals.length > 0) {
    return { kind: 'usage-error', text: `${spec.binary}: unexpected argument ${parsed.positionals[0] ?? ''} (see --help)` };
  }
  return { kind: 'run', args: parsed.positionals, flags, values };
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
