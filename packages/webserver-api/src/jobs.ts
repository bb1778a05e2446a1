import { z } from 'zod';

export const JobState = z.enum(['running', 'succeeded', 'failed']);
export type JobState = z.infer<typeof JobState>;

/** One image layer of a pull, as the Engine reports it. */
export const LayerProgress = z.object({
  id: z.string(),
  /** The Engine's word for the layer's step: Waiting, Downloading, Extracting, Pull complete, ... */
  status: z.string(),
  downloaded: z.number(),
  downloadTotal: z.number(),
  extracted: z.number(),
  extractTotal: z.number(),
  done: z.boolean(),
});
export type LayerProgress = z.infer<typeof LayerProgress>;

/** A long operation (pull, update, create, OS install): poll it or follow its events. */
export const JobSnapshot = z.object({
  id: z.string(),
  kind: z.string(),
  /** What the job works on (a service name): one job per target at a time. */
  target: z.string(),
  state: JobState,
  progress: z.number(),
  messages: z.array(z.string()),
  /** Per-layer figures while an image is pulled (empty otherwise). */
  layers: z.array(LayerProgress).default([]),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshot>;

/** Server-Sent Event names of `/api/v1/jobs/{id}/events`; each event's data is a JobSnapshot. */
export const JobEventType = z.enum(['progress', 'message', 'end']);
export type JobEventType = z.infer<typeof JobEventType>;

/** `POST /services/{name}/pull|update`, `POST /services`: 202 with the job. */
export const JobAccepted = z.object({ job: JobSnapshot, service: z.string().optional() });
export type JobAccepted = z.infer<typeof JobAccepted>;
