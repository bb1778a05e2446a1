import { z } from 'zod';
import { ContainerName, ImageReference, ServiceName } from './names';

/** True when `text` has no control character (newline, tab, escape, NUL, DEL...). */
export function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

export const Port = z.number().int().min(1).max(65535);

export const PublishedPort = z.object({
  hostIp: z.string(),
  hostPort: z.number(),
  containerPort: z.number(),
  protocol: z.string(),
});
export type PublishedPort = z.infer<typeof PublishedPort>;

export const ContainerView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  status: z.string(),
  health: z.string().nullable(),
  image: z.string(),
  imageId: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  restartCount: z.number(),
  networkMode: z.string(),
  ports: z.array(PublishedPort),
});
export type ContainerView = z.infer<typeof ContainerView>;

export const ServiceSourceKind = z.enum(['base', 'custom', 'unmanaged']);
export type ServiceSourceKind = z.infer<typeof ServiceSourceKind>;

/** A compose service joined with its container, or a container outside the compose project. */
export const ServiceView = z.object({
  name: z.string(),
  source: ServiceSourceKind,
  managed: z.boolean(),
  /** The image the compose file asks for (the container's own image for unmanaged ones). */
  image: z.string().nullable(),
  /** The container's state, or `missing` when the service has no container. */
  state: z.string(),
  container: ContainerView.nullable(),
});
export type ServiceView = z.infer<typeof ServiceView>;

/** `GET /api/v1/services` */
export const ServiceList = z.object({ services: z.array(ServiceView) });
export type ServiceList = z.infer<typeof ServiceList>;

export const ServiceAction = z.enum(['start', 'stop', 'restart', 'pull', 'update']);
export type ServiceAction = z.infer<typeof ServiceAction>;

/** Route parameters of `/services/{name}` and `/services/{name}/{action}`. */
export const ServiceNameParams = z.strictObject({ name: ContainerName });
export const ServiceActionParams = z.strictObject({ name: ContainerName, action: ServiceAction });

/** A path inside a container: absolute, no `..`, no `:` (the volume syntax separator), printable. */
const ContainerPath = z
  .string()
  .max(255)
  .refine((p) => p.startsWith('/') && !p.includes(':') && isPrintable(p), 'expected an absolute path without ":" or control characters')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".."');

const NAMED_VOLUME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

/** True for a named volume (`letters, digits, _ . -`), the other kind of volume source being a host path. */
export const isNamedVolume = (source: string): boolean => NAMED_VOLUME.test(source);

/**
 * A volume's source: a named volume or an absolute host path. The server also requires host paths to
 * stay under the data partition (it alone knows where that is): see `createServiceRequest` there.
 */
export const VolumeSource = z
  .string()
  .max(255)
  .refine((source) => isNamedVolume(source) || (source.startsWith('/') && isPrintable(source)), {
    message: 'expected a named volume (letters, digits, _ . -) or an absolute path on the data partition',
  });

export const PortMapping = z.strictObject({ host: Port, container: Port, protocol: z.enum(['tcp', 'udp']).default('tcp') });
export const VolumeMapping = z.strictObject({ source: VolumeSource, target: ContainerPath, readOnly: z.boolean().default(false) });
export const RestartPolicy = z.enum(['no', 'always', 'unless-stopped', 'on-failure']);
export const NetworkMode = z.enum(['bridge', 'host']);

/**
 * `POST /api/v1/services`: a service of the owner's own. Every string that reaches the compose file
 * is checked here; nothing is ever given to a shell.
 */
export const CreateServiceRequest = z.strictObject({
  name: ServiceName,
  image: ImageReference,
  ports: z.array(PortMapping).max(32).default([]),
  volumes: z.array(VolumeMapping).max(32).default([]),
  environment: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name'),
      z.string().max(4096).refine(isPrintable, 'must not contain control characters (newlines, ...)'),
    )
    .default({}),
  restart: RestartPolicy.default('unless-stopped'),
  networkMode: NetworkMode.default('bridge'),
  command: z.array(z.string().max(1024).refine(isPrintable, 'must not contain control characters')).max(64).optional(),
});
/** What a client sends (defaults may be left out). */
export type CreateServiceInput = z.input<typeof CreateServiceRequest>;
/** What the server works with once parsed. */
export type CreateServiceRequest = z.output<typeof CreateServiceRequest>;
