/**
 * The whole wpa_supplicant config for one network. Nothing the user typed is written as text: the
 * SSID goes in as hex (wpa_supplicant's unquoted form) and the passphrase only as its 64-hex PSK, so
 * quotes, newlines or braces in either cannot add lines or blocks.
 */
export function wpaSupplicantConfig(network: { ssid: string; psk: string | null }): string {
  const ssidHex = Buffer.from(network.ssid, 'utf8').toString('hex');
  if (network.psk !== null && !/^[0-9a-f]{64}$/.test(network.psk)) throw new Error('psk must be 64 lower-case hex digits');
  return [
    'ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev',
    'update_config=0',
    '',
    'network={',
    `\tssid=${ssidHex}`,
    '\tscan_ssid=1',
    ...(network.psk === null ? ['\tkey_mgmt=NONE'] : ['\tkey_mgmt=WPA-PSK', `\tpsk=${network.psk}`]),
    '}',
    '',
  ].join('\n');
}
