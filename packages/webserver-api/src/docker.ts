import { z } from 'zod';

/** `GET /api/v1/updates`, `POST /api/v1/updates/check` */
export const UpdateStatus = z.object({
  service: z.string(),
  image: z.string().nullable(),
  localDigest: z.string().nullable(),
  remoteDigest: z.string().nullable(),
  updateAvailable: z.union([z.boolean(), z.literal('unknown')]),
  reason: z.string().nullable(),
  checkedAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;
export const UpdateList = z.object({ updates: z.array(UpdateStatus) });
export type UpdateList = z.infer<typeof UpdateList>;

export const PortOwner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('container'), container: z.string(), service: z.string().nullable(), via: z.enum(['published', 'host-network']) }),
  z.object({ kind: z.literal('host') }),
  z.object({ kind: z.literal('declared'), service: z.string() }),
]);
export type PortOwner = z.infer<typeof PortOwner>;

export const PortUse = z.object({ port: z.number(), protocol: z.string(), address: z.string(), owner: PortOwner });
export type PortUse = z.infer<typeof PortUse>;
export const PortConflict = z.object({ port: z.number(), protocol: z.string(), owners: z.array(PortOwner) });
export type PortConflict = z.infer<typeof PortConflict>;

/** `GET /api/v1/ports` */
export const PortMap = z.object({ ports: z.array(PortUse), conflicts: z.array(PortConflict) });
export type PortMap = z.infer<typeof PortMap>;

/** The two streams of a container's log, told apart in `/services/{name}/logs` events. */
export const LogStream = z.enum(['stdout', 'stderr']);
export type LogStream = z.infer<typeof LogStream>;

/** `GET /api/v1/health` (open, no session needed). */
export const Health = z.object({ status: z.literal('ok'), version: z.string() });
export type Health = z.infer<typeof Health>;
