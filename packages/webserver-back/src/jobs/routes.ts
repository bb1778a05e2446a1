import { Router } from 'express';
import { z } from 'zod';
import { DomainError } from '../domain-error';
import { openEventStream } from '../http/event-stream';
import { parseRequestPart } from '../http/validate';
import type { JobRegistry } from './job-registry';

const JobParams = z.strictObject({ id: z.uuid() });

/** `/api/v1/jobs/{id}` (poll) and `/api/v1/jobs/{id}/events` (Server-Sent Events, history replayed first). */
export function jobRoutes(jobs: JobRegistry): Router {
  const router = Router();

  router.get('/jobs/:id', (req, res) => {
    const { id } = parseRequestPart(JobParams, req.params, 'params');
    const job = jobs.get(id);
    if (!job) throw new DomainError('not_found', `job ${id} does not exist`);
    res.json(job);
  });

  router.get('/jobs/:id/events', (req, res) => {
    const { id } = parseRequestPart(JobParams, req.params, 'params');
    if (!jobs.get(id)) throw new DomainError('not_found', `job ${id} does not exist`);
    const lastEventId = Number(req.header('last-event-id') ?? 0);
    const events = openEventStream(req, res);
    const unsubscribe = jobs.follow(id, Number.isInteger(lastEventId) ? lastEventId : 0, (event) => {
      events.send(event.type, JSON.stringify(event.job), event.seq);
      if (event.type === 'end') events.end();
    });
    events.onClose(unsubscribe);
    if (jobs.get(id)?.state !== 'running') events.end();
  });

  return router;
}
