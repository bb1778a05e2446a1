import path from 'node:path';
import { z } from 'zod';
import { ImageReference, ServiceName } from './service-name';

/** True when `text` has no control character (newline, tab, escape, NUL, DEL...). */
export function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}
const port = z.number().int().min(1).max(65535);

/** A path inside a container: absolute, no `..`, no `:` (the volume syntax separator), printable. */
const containerPath = z
  .string()
  .max(255)
  .refine((p) => p.startsWith('/') && !p.includes(':') && isPrintable(p), 'expected an absolute path without ":" or control characters')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".."');

const NAMED_VOLUME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

/**
 * `POST /api/v1/services`: a service of the owner's own. Every string that reaches the compose file
 * is checked here; nothing is ever given to a shell.
 */
export function createServiceRequest(dataDir: string) {
  const volumeSource = z
    .string()
    .max(255)
    .refine((source) => NAMED_VOLUME.test(source) || isUnderDataDir(source, dataDir), {
      message: `expected a named volume (letters, digits, _ . -) or an absolute path under ${dataDir}`,
    });
  return z.strictObject({
    name: ServiceName,
    image: ImageReference,
    ports: z
      .array(z.strictObject({ host: port, container: port, protocol: z.enum(['tcp', 'udp']).default('tcp') }))
      .max(32)
      .default([]),
    volumes: z
      .array(z.strictObject({ source: volumeSource, target: containerPath, readOnly: z.boolean().default(false) }))
      .max(32)
      .default([]),
    environment: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name'),
        z.string().max(4096).refine(isPrintable, 'must not contain control characters (newlines, ...)'),
      )
      .default({}),
    restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).default('unless-stopped'),
    networkMode: z.enum(['bridge', 'host']).default('bridge'),
    command: z.array(z.string().max(1024).refine(isPrintable, 'must not contain control characters')).max(64).optional(),
  });
}

export type CreateServiceRequest = z.output<ReturnType<typeof createServiceRequest>>;

/** True for an absolute path that stays under dataDir once normalised (no `..` escape, no control chars). */
export function isUnderDataDir(source: string, dataDir: string): boolean {
  if (!path.isAbsolute(source) || !isPrintable(source) || source.includes(':')) return false;
  if (source.split('/').includes('..')) return false;
  const resolved = path.resolve(source);
  const root = path.resolve(dataDir);
  return resolved.startsWith(`${root}/`);
}

/** Compose interpolates `$VAR`; the owner's values are literal, so every `$` is escaped as `$$`. */
const literal = (value: string) => value.replaceAll('$', '$$$$');

/** The compose file entry of a custom service (pure). */
export function toComposeEntry(request: CreateServiceRequest): Record<string, unknown> {
  return {
    image: request.image,
    restart: request.restart,
    ...(request.networkMode === 'host' ? { network_mode: 'host' } : {}),
    ...(request.ports.length > 0 && request.networkMode !== 'host'
      ? { ports: request.ports.map((p) => `${p.host}:${p.container}/${p.protocol}`) }
      : {}),
    ...(request.volumes.length > 0
      ? { volumes: request.volumes.map((v) => `${v.source}:${v.target}${v.readOnly ? ':ro' : ''}`) }
      : {}),
    ...(Object.keys(request.environment).length > 0
      ? { environment: Object.fromEntries(Object.entries(request.environment).map(([k, v]) => [k, literal(v)])) }
      : {}),
    ...(request.command ? { command: request.command.map(literal) } : {}),
    labels: { 'io.mapio.source': 'custom' },
  };
}
