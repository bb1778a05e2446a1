import { z } from 'zod';

/**
 * The parts of the Engine API's answers this daemon reads. Parsed at the boundary (Engine versions
 * differ); unknown fields are ignored.
 */
const portBindings = z
  .record(z.string(), z.array(z.object({ HostIp: z.string().optional(), HostPort: z.string() })).nullable())
  .nullable()
  .optional();

export const ContainerInspect = z.object({
  Id: z.string(),
  Name: z.string(),
  Created: z.string(),
  Image: z.string(),
  RestartCount: z.number().int().nonnegative().optional().default(0),
  State: z.object({
    Status: z.string(),
    ExitCode: z.number().int().optional().default(0),
    Pid: z.number().int().optional().default(0),
    StartedAt: z.string().optional().default(''),
    FinishedAt: z.string().optional().default(''),
    Health: z.object({ Status: z.string() }).nullable().optional(),
  }),
  Config: z.object({
    Image: z.string(),
    Tty: z.boolean().optional().default(false),
    Labels: z.record(z.string(), z.string()).nullable().optional(),
    StopTimeout: z.number().int().nonnegative().nullable().optional(),
  }),
  HostConfig: z.object({ NetworkMode: z.string().optional().default('default') }).optional(),
  NetworkSettings: z.object({ Ports: portBindings }).optional(),
});
export type ContainerInspect = z.infer<typeof ContainerInspect>;

export const ContainerListEntry = z.object({ Id: z.string() });

/** `GET /containers/{id}/top`: column titles and one row of strings per process. */
export const ContainerTop = z.object({
  Titles: z.array(z.string()).nullable().transform((v) => v ?? []),
  Processes: z.array(z.array(z.string())).nullable().transform((v) => v ?? []),
});

export const ImageInspect = z.object({
  Id: z.string(),
  RepoDigests: z.array(z.string()).nullable().optional(),
});
export type ImageInspect = z.infer<typeof ImageInspect>;

export const DistributionInspect = z.object({ Descriptor: z.object({ digest: z.string() }) });

/** One line of the Engine's event stream (`GET /events`). */
export const EngineEvent = z.object({
  Type: z.string(),
  Action: z.string(),
  Actor: z.object({ ID: z.string() }).optional(),
  id: z.string().optional(),
});
export type EngineEvent = z.infer<typeof EngineEvent>;

/** One line of a pull's progress stream (`POST /images/create`). */
export const PullProgressLine = z.object({
  id: z.string().optional(),
  status: z.string().optional(),
  progressDetail: z.object({ current: z.number().optional(), total: z.number().optional() }).partial().optional(),
  error: z.string().optional(),
  errorDetail: z.object({ message: z.string() }).partial().optional(),
});
export type PullProgressLine = z.infer<typeof PullProgressLine>;
