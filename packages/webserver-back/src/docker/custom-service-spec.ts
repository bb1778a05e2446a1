import path from 'node:path';
import { CreateServiceRequest, isNamedVolume, isPrintable } from '@mapio/webserver-api';

export type { CreateServiceRequest } from '@mapio/webserver-api';

/**
 * `POST /api/v1/services` as the server checks it: the shared request schema (the web UI checks the
 * same as the owner types) plus what only the server knows, that host paths stay under the data partition.
 */
export function createServiceRequest(dataDir: string) {
  return CreateServiceRequest.superRefine((request, ctx) => {
    request.volumes.forEach((volume, index) => {
      if (isNamedVolume(volume.source) || isUnderDataDir(volume.source, dataDir)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', index, 'source'],
        message: `expected a named volume (letters, digits, _ . -) or an absolute path under ${dataDir}`,
      });
    });
  });
}

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
