import { ServiceActionParams, ServiceNameParams } from '@mapio/webserver-api';
import express, { Router } from 'express';
import { z } from 'zod';
import { DomainError } from '../domain-error';
import { openEventStream } from '../http/event-stream';
import { parseRequestPart } from '../http/validate';
import { createServiceRequest } from './custom-service-spec';
import { LineSplitter } from './log-demux';
import type { DockerEngine } from './docker-engine';
import type { ServiceCatalog } from './service-catalog';
import type { ServiceLifecycle } from './service-lifecycle';
import type { ServiceLogs } from './service-logs';
import type { UpdateChecker } from './update-check';

export interface DockerRouteDeps {
  engine: DockerEngine;
  catalog: ServiceCatalog;
  lifecycle: ServiceLifecycle;
  logs: ServiceLogs;
  updates: UpdateChecker;
  dataDir: string;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const LogsQuery = z.strictObject({
  tail: z
    .union([z.literal('all'), z.string().regex(/^\d{1,5}$/, 'expected a number of lines or "all"').transform(Number)])
    .default(200),
  since: z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const seconds = /^\d{1,12}$/.test(value) ? Number(value) : Date.parse(value) / 1000;
      if (!Number.isFinite(seconds)) {
        ctx.addIssue({ code: 'custom', message: 'expected unix seconds or an ISO-8601 time' });
        return z.NEVER;
      }
      return Math.floor(seconds);
    })
    .optional(),
  follow: flag.default(false),
});
const NoQuery = z.strictObject({});

/** The Docker services API (`/api/v1/services`, `/updates`, `/ports`): the whole surface in one place. */
export function dockerRoutes(deps: DockerRouteDeps): Router {
  const { engine, catalog, lifecycle, logs, updates } = deps;
  const router = Router();
  const needsEngine: express.RequestHandler = (_req, _res, next) => {
    engine.requireRunning();
    next();
  };
  router.use(['/services', '/updates', '/ports'], needsEngine);

  router.get('/services', async (req, res) => {
    parseRequestPart(NoQuery, req.query, 'query');
    res.json({ services: await catalog.list() });
  });

  router.get('/services/:name', async (req, res) => {
    const { name } = parseRequestPart(ServiceNameParams, req.params, 'params');
    res.json(await catalog.get(name));
  });

  router.post('/services', express.json({ limit: '64kb' }), async (req, res) => {
    const request = parseRequestPart(createServiceRequest(deps.dataDir), req.body, 'body');
    const job = await lifecycle.create(request);
    res.status(202).location(`/api/v1/jobs/${job.id}`).json({ service: request.name, job });
  });

  router.delete('/services/:name', async (req, res) => {
    const { name } = parseRequestPart(ServiceNameParams, req.params, 'params');
    await lifecycle.remove(name);
    res.status(204).end();
  });

  router.post('/services/:name/:action', async (req, res) => {
    const { name, action } = parseRequestPart(ServiceActionParams, req.params, 'params');
    if (action === 'pull' || action === 'update') {
      const job = action === 'pull' ? await lifecycle.pull(name) : await lifecycle.update(name);
      res.status(202).location(`/api/v1/jobs/${job.id}`).json({ job });
      return;
    }
    res.json(await lifecycle.act(name, action));
  });

  router.get('/services/:name/logs', async (req, res) => {
    const { name } = parseRequestPart(ServiceNameParams, req.params, 'params');
    const query = parseRequestPart(LogsQuery, req.query, 'query');
    const container = catalog.containerOf(await catalog.get(name));
    if (!container) throw new DomainError('not_found', `service ${name} has no container (start it first)`);
    const left = new AbortController();
    res.once('close', () => left.abort());
    const frames = logs.frames(container, query, left.signal);
    if (!query.follow) {
      const text: Buffer[] = [];
      for await (const frame of frames) text.push(frame.data);
      res.type('text/plain; charset=utf-8').send(Buffer.concat(text));
      return;
    }
    const events = openEventStream(req, res);
    const lines = new LineSplitter();
    for await (const frame of frames) for (const { stream, line } of lines.push(frame)) events.send(stream, line);
    if (left.signal.aborted) return;
    for (const { stream, line } of lines.flush()) events.send(stream, line);
    events.send('end', 'container stopped');
    events.end();
  });

  router.get('/updates', async (_req, res) => {
    res.json({ updates: await updates.check(await catalog.list(), false) });
  });

  router.post('/updates/check', async (_req, res) => {
    res.json({ updates: await updates.check(await catalog.list(), true) });
  });

  router.get('/ports', async (_req, res) => {
    res.json(await catalog.ports());
  });

  return router;
}
