export type WifiSecurity = 'open' | 'wep' | 'wpa' | 'wpa2' | 'wpa3';

export interface WifiNetwork {
  ssid: string;
  /** dBm, the strongest access point seen for this SSID. */
  signal: number;
  security: WifiSecurity;
}

/** iw prints SSID bytes outside printable ASCII (and `\`) as `\xNN`: back to bytes, then UTF-8. */
export function unescapeIwSsid(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const hex = /^\\x([0-9a-fA-F]{2})/.exec(escaped.slice(i, i + 4));
    if (hex?.[1]) {
      bytes.push(parseInt(hex[1], 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(escaped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function securityOf(block: string): WifiSecurity {
  const rsn = /^\tRSN:.*(?:\n\t\t.*)*/m.exec(block)?.[0];
  if (rsn) return /Authentication suites:.*\bSAE\b/.test(rsn) && !/Authentication suites:.*\bPSK\b/.test(rsn) ? 'wpa3' : 'wpa2';
  if (/^\tWPA:/m.test(block)) return 'wpa';
  return /^\tcapability:.*\bPrivacy\b/m.test(block) ? 'wep' : 'open';
}

/**
 * Parses `iw dev <if> scan`: one block per BSS; hidden networks (empty SSID) are left out; an SSID
 * seen from several access points is listed once, with its strongest signal; strongest first.
 */
export function parseIwScan(output: string): WifiNetwork[] {
  const bySsid = new Map<string, WifiNetwork>();
  for (const block of output.split(/^(?=BSS [0-9a-f]{2}(?::[0-9a-f]{2}){5})/m)) {
    if (!block.startsWith('BSS ')) continue;
    const ssidLine = /^\tSSID: ?(.*)$/m.exec(block);
    const signal = Number(/^\tsignal: (-?\d+(?:\.\d+)?) dBm$/m.exec(block)?.[1] ?? NaN);
    if (!ssidLine || ssidLine[1] === undefined || ssidLine[1] === '' || Number.isNaN(signal)) continue;
    const ssid = unescapeIwSsid(ssidLine[1]);
    if (/^\0+$/.test(ssid)) continue;
    const network: WifiNetwork = { ssid, signal, security: securityOf(block) };
    const known = bySsid.get(ssid);
    if (!known || known.signal < signal) bySsid.set(ssid, network);
  }
  return [...bySsid.values()].sort((a, b) => b.signal - a.signal || a.ssid.localeCompare(b.ssid));
}
