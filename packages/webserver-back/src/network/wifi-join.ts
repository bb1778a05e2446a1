import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SerialQueue, writeFileAtomic, type Logger } from '@mapio/runtime';
import type { AccessPoint } from './access-point';
import type { SystemUnits } from './system-units';
import { wpaPsk, type WifiCredentials } from './wifi-credentials';
import { wpaSupplicantConfig } from './wpa-supplicant-config';

export interface WifiJoinOptions {
  conf: string;
  unit: string;
  units: SystemUnits;
  accessPoint: AccessPoint;
  logger: Logger;
}

/**
 * Joins a Wi-Fi network: the wpa_supplicant config written atomically (SSID as hex, PSK hashed,
 * never the passphrase), then the access point stopped and wpa_supplicant restarted and enabled.
 * One join at a time.
 */
export class WifiJoin {
  private readonly queue = new SerialQueue();

  constructor(private readonly options: WifiJoinOptions) {}

  join(credentials: WifiCredentials): Promise<{ ssid: string; security: 'open' | 'wpa-psk' }> {
    return this.queue.run(async () => {
      const passphrase = credentials.passphrase ?? '';
      const psk = passphrase === '' ? null : await wpaPsk(credentials.ssid, passphrase);
      await mkdir(path.dirname(this.options.conf), { recursive: true });
      await writeFileAtomic(this.options.conf, wpaSupplicantConfig({ ssid: credentials.ssid, psk }), 0o600);
      await this.options.accessPoint.stopForJoin();
      await this.options.units.run('restart', this.options.unit);
      await this.options.units.run('enable', this.options.unit);
      const security = psk === null ? 'open' : 'wpa-psk';
      this.options.logger.info({ ssid: credentials.ssid, security }, 'joining Wi-Fi network');
      return { ssid: credentials.ssid, security };
    });
  }
}
