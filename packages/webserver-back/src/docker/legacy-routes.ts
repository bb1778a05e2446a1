import express, { Router } from 'express';
import { z } from 'zod';
import type { Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import { parseRequestPart } from '../http/validate';
import { statusText } from './container-record';
import type { DockerEngine } from './docker-engine';
import type { ServiceCatalog } from './service-catalog';
import type { ServiceLifecycle } from './service-lifecycle';
import { ContainerName } from '@mapio/webserver-api';

/**
 * The existing front end's routes (docs/legacy-api.md), byte for byte. Its POST bodies are a JSON string
 * that axios sends as `application/x-www-form-urlencoded`: the raw text is read and parsed as JSON
 * (never as a form), then validated like any other body.
 */
const legacyBody = express.text({
  type: ['application/x-www-form-urlencoded', 'application/json', 'text/plain'],
  limit: '16kb',
});

const LegacyServiceName = z.string().min(1).max(63).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'expected a service name');

const DockerCommand = z
  .array(z.union([z.strictObject({ selected: z.boolean(), service: LegacyServiceName }), z.strictObject({ action: z.enum(['restart', 'stop', 'update']) })]))
  .max(100)
  .transform((items, ctx) => {
    const actions = items.flatMap((item) => ('action' in item ? [item.action] : []));
    if (actions.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'expected exactly one {"action": ...} entry' });
      return z.NEVER;
    }
    const services = items.flatMap((item) => ('service' in item && item.selected ? [item.service.toLowerCase()] : []));
    return { action: actions[0] as 'restart' | 'stop' | 'update', services: [...new Set(services)] };
  });

const DockerCustomCommand = z.strictObject({
  selectedServices: z.array(ContainerName).max(100),
  select_action: z.enum(['start', 'stop', 'restart']),
});

function jsonText(body: unknown): unknown {
  if (typeof body !== 'string' || body.trim() === '') throw new DomainError('invalid', 'expected a JSON body');
  try {
    return JSON.parse(body);
  } catch {
    throw new DomainError('invalid', 'the body is not JSON (the front end sends a JSON string)');
  }
}

export function legacyDockerRoutes(engine: DockerEngine, catalog: ServiceCatalog, lifecycle: ServiceLifecycle, logger: Logger): Router {
  const router = Router();

  /** Running containers, from memory (kept current by Engine events). */
  router.get('/docker', (_req, res) => {
    engine.requireRunning();
    res.json(engine.list().filter((c) => c.state === 'running').map((c) => ({ name: c.name })));
  });

  router.post('/docker', legacyBody, async (req, res) => {
    const command = parseRequestPart(DockerCommand, jsonText(req.body), 'body');
    engine.requireRunning();
    const services = await catalog.project.services();
    // Names come capitalised ("Homeassistant"): match compose services case-insensitively.
    const byLowerName = new Map([...services.keys()].map((name) => [name.toLowerCase(), name]));
    const unknown = command.services.filter((name) => !byLowerName.has(name));
    if (unknown.length > 0) throw new DomainError('not_found', `unknown service(s): ${unknown.join(', ')}`, { details: { unknown } });
    const names = command.services.map((name) => byLowerName.get(name) as string);
    const jobs: string[] = [];
    for (const name of names) {
      if (command.action === 'update') jobs.push((await lifecycle.update(name)).id);
      else await lifecycle.act(name, command.action);
    }
    logger.info({ action: command.action, services: names }, 'legacy docker action');
    res.json({ ok: true, services: names, jobs });
  });

  /** Every container with the first word of its status ("Up", "Exited", "Created", ...). */
  router.get('/docker-custom', (_req, res) => {
    engine.requireRunning();
    const now = Date.now();
    res.json(engine.list().map((c) => ({ name: c.name, status: statusText(c, now).split(' ')[0] })));
  });

  router.post('/docker-custom', legacyBody, async (req, res) => {
    const command = parseRequestPart(DockerCustomCommand, jsonText(req.body), 'body');
    engine.requireRunning();
    const unknown = command.selectedServices.filter((name) => !engine.byName(name));
    if (unknown.length > 0) throw new DomainError('not_found', `unknown container(s): ${unknown.join(', ')}`, { details: { unknown } });
    for (const name of command.selectedServices) await lifecycle.actOnContainer(name, command.select_action);
    logger.info({ action: command.select_action, containers: command.selectedServices }, 'legacy docker-custom action');
    res.json({ ok: true, containers: command.selectedServices });
  });

  return router;
}
