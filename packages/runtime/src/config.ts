import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DISCOVERY_PREFIX, DiscoveryPrefix } from '@mapio/contracts';
import { z } from 'zod';
import { errorMessage } from './error-message';

/**
 * Configuration comes from environment variables, optionally overridden by a JSON file named in
 * MAPIO_CONFIG whose keys are the same variable names (`{"MAPIO_HTTP_PORT": 8080}`). Every value is
 * parsed by the field's zod schema from its text form; an empty variable counts as unset.
 */
export interface ConfigField<T = unknown> {
  readonly env: string;
  readonly description: string;
  /** Parses the text form of the value (from the environment or the JSON file). */
  readonly schema: z.ZodType<T>;
  /** Text form used when the variable is unset; absent = the setting is optional (undefined). */
  readonly default?: string;
  /** Never echo the value (passwords). */
  readonly secret?: boolean;
}

export type ConfigFields = Record<string, ConfigField>;

export type ConfigOf<F extends ConfigFields> = {
  [K in keyof F]: F[K] extends ConfigField<infer T> ? (F[K]['default'] extends string ? T : T | undefined) : never;
};

export function field<T>(definition: ConfigField<T> & { default: string }): ConfigField<T> & { default: string };
export function field<T>(definition: ConfigField<T>): ConfigField<T>;
export function field<T>(definition: ConfigField<T>): ConfigField<T> {
  return definition;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
}

// ---- value parsers (text in, typed value out) ----

export function integer(min: number, max: number): z.ZodType<number> {
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, `expected an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `expected an integer >= ${min}`).max(max, `expected an integer <= ${max}`));
}

export function oneOf<const V extends readonly [string, ...string[]]>(values: V): z.ZodType<V[number]> {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
export const boolean: z.ZodType<boolean> = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => TRUE.includes(v) || FALSE.includes(v), 'expected true/false (or 1/0, yes/no, on/off)')
  .transform((v) => TRUE.includes(v));

export const absolutePath: z.ZodType<string> = z
  .string()
  .refine((v) => path.isAbsolute(v), 'expected an absolute path')
  .transform((v) => path.normalize(v));

export function url(protocols: readonly string[]): z.ZodType<string> {
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `expected a URL (${protocols.map((p) => `${p}://`).join(', ')})`);
}

export const text: z.ZodType<string> = z.string().min(1);

// ---- the settings every daemon has ----

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const baseConfigFields = {
  mqttUrl: field({
    env: 'MAPIO_MQTT_URL',
    description: 'MQTT broker',
    schema: url(['mqtt', 'mqtts', 'ws', 'wss']),
    default: 'mqtt://localhost:1883',
  }),
  mqttUsername: field({ env: 'MAPIO_MQTT_USERNAME', description: 'broker user name of this daemon', schema: text }),
  mqttPassword: field({
    env: 'MAPIO_MQTT_PASSWORD',
    description: 'broker password of this daemon',
    schema: text,
    secret: true,
  }),
  hardware: field({
    env: 'MAPIO_HARDWARE',
    description: 'real board, or simulated hardware under MAPIO_SIM_DIR',
    schema: oneOf(['real', 'sim']),
    default: 'real',
  }),
  simDir: field({
    env: 'MAPIO_SIM_DIR',
    description: 'where simulated hardware keeps its files (sim only)',
    schema: absolutePath,
    default: path.join(os.tmpdir(), 'mapio-sim'),
  }),
  dataDir: field({
    env: 'MAPIO_DATA_DIR',
    description: 'the persistent data partition',
    schema: absolutePath,
    default: '/usr/local',
  }),
  logLevel: field({ env: 'MAPIO_LOG_LEVEL', description: 'pino log level', schema: oneOf(LOG_LEVELS), default: 'info' }),
  logFormat: field({
    env: 'MAPIO_LOG_FORMAT',
    description: 'auto = pretty on a terminal, JSON otherwise',
    schema: oneOf(['auto', 'json', 'pretty']),
    default: 'auto',
  }),
  osReleaseFile: field({
    env: 'MAPIO_OS_RELEASE',
    description: 'os-release(5) file naming the OS version (unset: /etc/os-release, else /usr/lib/os-release)',
    schema: absolutePath,
  }),
} satisfies ConfigFields;

export type BaseConfig = ConfigOf<typeof baseConfigFields>;

/** For the daemons that publish Home Assistant discovery (gpio-ha, display): give it to runDaemon. */
export const homeAssistantPrefixField = field({
  env: 'MAPIO_HA_PREFIX',
  description: "Home Assistant's MQTT discovery prefix",
  schema: DiscoveryPrefix,
  default: DEFAULT_DISCOVERY_PREFIX,
});

const CONFIG_FILE_VARIABLE = 'MAPIO_CONFIG';

/** Parses every field; collects one readable line per bad variable and throws them together. */
export function loadConfig<F extends ConfigFields>(
  fields: F,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<F> {
  const problems: string[] = [];
  const fromFile = readConfigFile(env[CONFIG_FILE_VARIABLE], fields, problems);
  const result: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(fields)) {
    const fileValue = fromFile[def.env];
    const envValue = env[def.env];
    const rawValue = fileValue ?? (envValue === undefined || envValue === '' ? undefined : envValue);
    const source = fileValue !== undefined ? `${def.env} (from ${env[CONFIG_FILE_VARIABLE]})` : def.env;
    const input = rawValue ?? def.default;
    if (input === undefined) {
      result[key] = undefined;
      continue;
    }
    const parsed = def.schema.safeParse(input);
    if (parsed.success) {
      result[key] = parsed.data;
    } else {
      const shown = def.secret ? '' : `=${JSON.stringify(input)}`;
      const reason = parsed.error.issues.map((issue) => issue.message).join(', ');
      problems.push(`${source}${shown}: ${reason}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as ConfigOf<F>;
}

function readConfigFile(file: string | undefined, fields: ConfigFields, problems: string[]): Record<string, string> {
  if (file === undefined || file === '') return {};
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${CONFIG_FILE_VARIABLE}=${JSON.stringify(file)}: cannot read it as JSON (${errorMessage(error)})`);
    return {};
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    problems.push(`${CONFIG_FILE_VARIABLE}=${JSON.stringify(file)}: expected a JSON object of MAPIO_* settings`);
    return {};
  }
  const known = new Set(Object.values(fields).map((def) => def.env));
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(content)) {
    if (!known.has(name)) {
      problems.push(`${CONFIG_FILE_VARIABLE}=${JSON.stringify(file)}: unknown setting ${name}`);
    } else if (value === null) {
      continue;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[name] = String(value);
    } else {
      problems.push(`${name} (from ${file}): expected a string, number or boolean`);
    }
  }
  return values;
}

/** The variables, defaults and meanings, for `--help`. */
export function describeConfig(fields: ConfigFields): string {
  const rows = Object.values(fields).map((def) => [def.env, def.default === undefined ? '-' : def.default, def.description]);
  const width = (i: number) => Math.max(...rows.map((row) => (row[i] ?? '').length));
  return rows
    .map(([env, def, description]) => `  ${env?.padEnd(width(0))}  ${def?.padEnd(width(1))}  ${description}`)
    .join('\n');
}
