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
