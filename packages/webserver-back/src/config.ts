import { absolutePath, field, integer, oneOf, text, type ConfigOf } from '@mapio/runtime';
import { z } from 'zod';

/** A program and its arguments, space-separated (run with execFile: no shell, no quoting). */
const commandLine = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.split(/\s+/));

/** Issue 9: OS update, system, SSH, Wi-Fi, access point and network state. */
export const systemConfigFields = {
  otaMaxBytes: field({
    env: 'MAPIO_OTA_MAX_BYTES',
    description: 'largest OS update bundle accepted (bytes)',
    schema: integer(1, Number.MAX_SAFE_INTEGER),
    default: String(2 * 1024 ** 3),
  }),
  otaReserveBytes: field({
    env: 'MAPIO_OTA_RESERVE_BYTES',
    description: 'free space the data partition keeps besides an uploaded bundle (bytes)',
    schema: integer(0, Number.MAX_SAFE_INTEGER),
    default: String(64 * 1024 ** 2),
  }),
  raucConf: field({
    env: 'MAPIO_RAUC_CONF',
    description: "RAUC's system.conf: its keyring and compatible string verify uploaded bundles",
    schema: absolutePath,
    default: '/etc/rauc/system.conf',
  }),
  rebootCommand: field({
    env: 'MAPIO_REBOOT_COMMAND',
    description: 'command that reboots the device (after an update, POST /api/v1/system/reboot)',
    schema: commandLine,
    default: 'systemctl reboot',
  }),
  rebootDelayMs: field({
    env: 'MAPIO_REBOOT_DELAY_MS',
    description: 'wait between a finished update (or a reboot request) and the reboot, so clients see the answer',
    schema: integer(0, 600_000),
    default: '3000',
  }),
  logsCommand: field({
    env: 'MAPIO_LOGS_COMMAND',
    description: 'command whose output lines GET /logs returns',
    schema: commandLine,
    default: 'journalctl --no-pager --output=short-iso --lines=200',
  }),
};

export type SystemConfig = ConfigOf<typeof systemConfigFields>;

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
    description: 'built web front end served at / (single-page app)',
    schema: absolutePath,
    default: '/var/www/webserver/dist',
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
  ...systemConfigFields,
};

export type WebserverConfig = ConfigOf<typeof webserverConfigFields>;
