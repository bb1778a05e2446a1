/** The settings of hostapd.conf this daemon owns; every other line of the file is kept as it is. */
export interface AccessPointSettings {
  wifiInterface: string;
  ssid: string;
  password: string;
}

/**
 * The AP config with our settings put in: the SSID as hex (`ssid2=`, so no character of it can break
 * the line) and WPA2-PSK with the password. Lines setting the same keys are replaced.
 */
export function hostapdConfig(existing: string, settings: AccessPointSettings): string {
  const owned: Array<[string, string]> = [
    ['interface', settings.wifiInterface],
    ['ssid2', Buffer.from(settings.ssid, 'utf8').toString('hex')],
    ['wpa', '2'],
    ['wpa_key_mgmt', 'WPA-PSK'],
    ['rsn_pairwise', 'CCMP'],
    ['wpa_passphrase', settings.password],
  ];
  const ownedKeys = new Set([...owned.map(([key]) => key), 'ssid', 'wpa_psk']);
  const kept = existing.split('\n').filter((line) => line.trim() !== '' && !ownedKeys.has(line.split('=')[0]?.trim() ?? ''));
  return [...kept, ...owned.map(([key, value]) => `${key}=${value}`), ''].join('\n');
}
