import path from 'node:path';

/**
 * Environment that keeps a mapio-webserver-back under test off this machine's real system parts:
 * internet checks go to a closed loopback port (never an outside address), systemctl / iw / reboot
 * are `true` / `false`, and every config file it may write lives under `dir`. A test overrides the
 * variables it exercises.
 */
export function isolatedWebserverEnv(dir: string): NodeJS.ProcessEnv {
  return {
    MAPIO_INTERNET_TARGETS: '127.0.0.1:1',
    MAPIO_INTERNET_TIMEOUT_MS: '500',
    MAPIO_SYSTEMCTL_COMMAND: 'true',
    MAPIO_IW_COMMAND: 'false',
    MAPIO_REBOOT_COMMAND: 'true',
    MAPIO_LOGS_COMMAND: 'true',
    MAPIO_RAUC_CONF: path.join(dir, 'no-rauc-system.conf'),
    MAPIO_AP_CONF: path.join(dir, 'hostapd.conf'),
    MAPIO_WPA_SUPPLICANT_CONF: path.join(dir, 'wpa_supplicant-wlan0.conf'),
  };
}

/**
 * Everything a mapio-webserver-back under test needs: the broker, its data under `dataDir`, the port
 * on 127.0.0.1, no Docker Engine, JSON logs, and `isolatedWebserverEnv`. Tests add what they exercise.
 */
export function webserverDaemonEnv(options: { mqttUrl: string; dataDir: string; port: number }): NodeJS.ProcessEnv {
  const { dataDir } = options;
  return {
    ...isolatedWebserverEnv(dataDir),
    MAPIO_MQTT_URL: options.mqttUrl,
    MAPIO_DATA_DIR: dataDir,
    MAPIO_HTTP_PORT: String(options.port),
    MAPIO_HTTP_HOST: '127.0.0.1',
    MAPIO_WEB_ROOT: path.join(dataDir, 'www'),
    MAPIO_COMPOSE_FILE: path.join(dataDir, 'none.yml'),
    DOCKER_HOST: `unix://${path.join(dataDir, 'no-docker.sock')}`,
    MAPIO_LOG_FORMAT: 'json',
  };
}
