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
  raucStallTimeoutMs: field({
    env: 'MAPIO_RAUC_STALL_TIMEOUT_MS',
    description: 'an install during which RAUC reports nothing (no Progress, no Completed) for this long fails, so the next one is not blocked',
    schema: integer(100, 24 * 3_600_000),
    default: String(10 * 60_000),
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
  wifiInterface: field({
    env: 'MAPIO_WIFI_INTERFACE',
    description: 'Wi-Fi interface scanned and joined',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, 'expected an interface name'),
    default: 'wlan0',
  }),
  wpaSupplicantConf: field({
    env: 'MAPIO_WPA_SUPPLICANT_CONF',
    description: 'wpa_supplicant config of the Wi-Fi interface (written by PUT /api/v1/wifi)',
    schema: absolutePath,
    default: '/etc/wpa_supplicant/wpa_supplicant-wlan0.conf',
  }),
  wpaSupplicantUnit: field({
    env: 'MAPIO_WPA_SUPPLICANT_UNIT',
    description: 'systemd unit restarted and enabled after joining a network',
    schema: text,
    default: 'wpa_supplicant@wlan0.service',
  }),
  iwCommand: field({ env: 'MAPIO_IW_COMMAND', description: 'the iw program (scan: <iw> dev <interface> scan)', schema: commandLine, default: 'iw' }),
  systemctlCommand: field({
    env: 'MAPIO_SYSTEMCTL_COMMAND',
    description: 'the systemctl program (stop/start/restart/enable <unit>)',
    schema: commandLine,
    default: 'systemctl',
  }),
  apUnit: field({ env: 'MAPIO_AP_UNIT', description: "systemd unit of the setup access point", schema: text, default: 'hostapd.service' }),
  apConf: field({
    env: 'MAPIO_AP_CONF',
    description: 'hostapd config of the setup access point (its password is written there at each start)',
    schema: absolutePath,
    default: '/etc/hostapd/hostapd.conf',
  }),
  apSsid: field({ env: 'MAPIO_AP_SSID', description: 'name of the setup access point', schema: z.string().min(1).max(32), default: 'MAPIO' }),
  apAddress: field({ env: 'MAPIO_AP_ADDRESS', description: 'address of the device on its access point', schema: z.ipv4(), default: '10.50.0.1' }),
  apGraceMs: field({
    env: 'MAPIO_AP_GRACE_MS',
    description: 'how long the box may be without network (or joining one) before the access point starts',
    schema: integer(0, 3_600_000),
    default: '60000',
  }),
  ipCommand: field({
    env: 'MAPIO_IP_COMMAND',
    description: 'the ip program (iproute2) read for addresses and routes, and followed with ip monitor',
    schema: commandLine,
    default: 'ip',
  }),
  internetTargets: field({
    env: 'MAPIO_INTERNET_TARGETS',
    description: 'host:port list tried by TCP connect to decide whether the Internet is reachable',
    schema: z
      .string()
      .trim()
      .transform((value) => value.split(/[\s,]+/).filter(Boolean))
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/, 'expected IPv4:port')
              .transform((target) => {
                const [host = '', port = ''] = target.split(':');
                return { host, port: Number(port) };
              }),
          )
          .min(1),
      ),
    default: '1.1.1.1:53,8.8.8.8:53,9.9.9.9:53',
  }),
  internetTimeoutMs: field({
    env: 'MAPIO_INTERNET_TIMEOUT_MS',
    description: 'how long one internet check waits for a TCP connection',
    schema: integer(100, 60_000),
    default: '3000',
  }),
  networkRefreshMs: field({
    env: 'MAPIO_NETWORK_REFRESH_MS',
    description: 'mapio/webserver-back/network is refreshed this often (and on every address or route change)',
    schema: integer(1000, 3_600_000),
    default: '60000',
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
  ...systemConfigFields,
};

export type WebserverConfig = ConfigOf<typeof webserverConfigFields>;
