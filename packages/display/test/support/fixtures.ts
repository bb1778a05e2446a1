import type { DisplayInputs } from '../../src/state/display-inputs';
import { NO_INPUTS } from '../../src/state/display-inputs';
import type { LocalFactsSnapshot } from '../../src/host/local-facts';

export const AT = '2026-11-26T10:00:00.000Z';
export const NOW = new Date(AT);
export const PAIRING_URL = 'http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4';

export const FACTS: LocalFactsSnapshot = {
  ip: '192.168.1.20',
  osVersion: '1.4.0',
  cpuPercent: 12,
  ramPercent: 43.6,
  diskPercent: 71,
  uptimeSeconds: 3 * 86400 + 4 * 3600 + 100,
  temperatureC: 48.2,
};

export const NO_FACTS: LocalFactsSnapshot = {
  ip: null,
  osVersion: null,
  cpuPercent: null,
  ramPercent: null,
  diskPercent: null,
  uptimeSeconds: null,
  temperatureC: null,
};

export const INPUTS: DisplayInputs = {
  ...NO_INPUTS,
  power: { state: 'charging', batteryPercent: 54, batteryVolts: 3.82, externalPower: true, at: AT },
  network: { interfaces: [{ name: 'eth0', ipv4: ['192.168.1.20'] }], defaultInterface: 'eth0', internet: true },
  docker: {
    engine: 'running',
    services: [
      { name: 'homeassistant', state: 'running' },
      { name: 'zigbee2mqtt', state: 'running' },
      { name: 'jellyfin', state: 'exited' },
    ],
  },
  http: { enabled: true, port: 8456, urls: ['http://192.168.1.20:8456/'] },
  pairing: { url: PAIRING_URL, token: 'Qk9hN0x2c2VjcmV0dG9rZW4', code: 'K7RX-3MPV', expiresAt: '2026-11-26T10:10:00.000Z' },
  wifiAp: { active: false, ssid: '', password: '', address: '' },
};
