import { errorMessage } from '@mapio/runtime';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Where a compose service is defined: the OS's file, or the owner's custom file. */
export type ServiceSource = 'base' | 'custom';

/** A `ports:` entry of a compose file, short (`"8080:80/tcp"`) or long form, reduced to what we check. */
export interface DeclaredPort {
  hostPort: number;
  containerPort: number | null;
  protocol: string;
}

export interface ComposeService {
  name: string;
  source: ServiceSource;
  image: string | null;
  containerName: string | null;
  networkMode: string | null;
  ports: DeclaredPort[];
}

export interface ComposeFileContent {
  version: string | null;
  services: Map<string, ComposeService>;
}

const portEntry = z.union([
  z.string(),
  z.number(),
  z.object({
    target: z.union([z.number(), z.string()]).optional(),
    published: z.union([z.number(), z.string()]).optional(),
    protocol: z.string().optional(),
  }),
]);

const serviceSchema = z.looseObject({
  image: z.string().optional(),
  container_name: z.string().optional(),
  network_mode: z.string().optional(),
  ports: z.array(portEntry).optional(),
});

const fileSchema = z.looseObject({
  version: z.union([z.string(), z.number()]).optional(),
  services: z.record(z.string(), serviceSchema.nullable()).nullable().optional(),
});

export class ComposeFileError extends Error {}

/** Parses a compose file's text (YAML) into its services; throws ComposeFileError naming the file. */
export function parseComposeFile(text: string, file: string, source: ServiceSource): ComposeFileContent {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ComposeFileError(`${file} is not valid YAML: ${errorMessage(error)}`);
  }
  if (raw === null || raw === undefined) return { version: null, services: new Map() };
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ComposeFileError(`${file} is not a compose file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const services = new Map<string, ComposeService>();
  for (const [name, service] of Object.entries(parsed.data.services ?? {})) {
    services.set(name, {
      name,
      source,
      image: service?.image ?? null,
      containerName: service?.container_name ?? null,
      networkMode: service?.network_mode ?? null,
      ports: (service?.ports ?? []).flatMap((entry) => declaredPorts(entry)),
    });
  }
  return { version: parsed.data.version === undefined ? null : String(parsed.data.version), services };
}

/** Host ports a `ports:` entry publishes (a range gives several; no host port = none we can check). */
export function declaredPorts(entry: z.infer<typeof portEntry>): DeclaredPort[] {
  if (typeof entry === 'object') {
    const host = Number(entry.published);
    if (!Number.isInteger(host) || host <= 0) return [];
    const target = Number(entry.target);
    return [{ hostPort: host, containerPort: Number.isInteger(target) ? target : null, protocol: entry.protocol ?? 'tcp' }];
  }
  const [spec = '', protocol = 'tcp'] = String(entry).split('/');
  const parts = spec.split(':');
  if (parts.length < 2) return []; // container port only: the Engine picks an ephemeral host port
  const hostPart = parts[parts.length - 2] ?? '';
  const containerPart = parts[parts.length - 1] ?? '';
  const [hostStart, hostEnd] = hostPart.split('-').map(Number);
  const [containerStart] = containerPart.split('-').map(Number);
  if (hostStart === undefined || !Number.isInteger(hostStart) || hostStart <= 0) return [];
  const last = hostEnd !== undefined && Number.isInteger(hostEnd) ? hostEnd : hostStart;
  const ports: DeclaredPort[] = [];
  for (let port = hostStart; port <= last && ports.length < 1024; port++) {
    ports.push({
      hostPort: port,
      containerPort: containerStart !== undefined && Number.isInteger(containerStart) ? containerStart + (port - hostStart) : null,
      protocol,
    });
  }
  return ports;
}
