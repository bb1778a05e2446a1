import { absolutePath, field, integer, oneOf, text, type ConfigOf } from '@mapio/runtime';
import { z } from 'zod';

/** mapio-webserver-back's own settings (added to the ones every daemon has). */
export const webserverConfigFields = {
  httpPort: field({ env: 'MAPIO_HTTP_PORT', description: 'HTTP API and web front end port', schema: integer(1, 65535), default: '8456' }),
  httpHost: field({
    env: 'MAPIO_HTTP_HOST',
    description: 'address the HTTP listener binds (0.0.0.0 = every interface)',
    schema: z.ipv4(),
    default: '0.0.0.0',
  }),
  webRoot: field({
    env: 'MAPIO_WEB_ROOT',
    description: 'built web UI served at / (single-page app; the MAPIO web UI as the OS installs it)',
    schema: absolutePath,
    default: '/usr/share/mapio/webserver-front',
  }),
  auth: field({
    env: 'MAPIO_AUTH',
    description: 'on = pairing token / session required; off = no authentication at all (development only)',
    schema: oneOf(['on', 'off']),
    default: 'on',
  }),
  composeFile: field({
    env: 'MAPIO_COMPOSE_FILE',
    description: "the OS's docker-compose.yml",
    schema: absolutePath,
    default: '/home/root/mapio/docker-compose.yml',
  }),
  composeProject: field({
    env: 'MAPIO_COMPOSE_PROJECT',
    description: 'compose project name of the services',
    schema: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a compose project name (a-z, 0-9, _ and -)'),
    default: 'mapio',
  }),
  dockerHost: field({
    env: 'DOCKER_HOST',
    description: 'Docker Engine (unix:// socket)',
    schema: text.refine((v) => v.startsWith('unix:///'), 'expected unix:///path/to/docker.sock'),
    default: 'unix:///var/run/docker.sock',
  }),
  dockerTimeoutMs: field({
    env: 'MAPIO_DOCKER_TIMEOUT_MS',
    description: 'how long a Docker Engine call may take before the Engine counts as not responding (stop/restart: plus the container stop timeout)',
    schema: integer(100, 600_000),
    default: '10000',
  }),
};

export type WebserverConfig = ConfigOf<typeof webserverConfigFields>;
