import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, MqttBus } from '@mapio/runtime';
import { captureLogs } from '@mapio/testkit';
import { AP_PASSWORD_ALPHABET, newApPassword } from '../src/network/ap-password';
import { parseIwScan, unescapeIwSsid } from '../src/network/iw-scan';
import { createNetworkDomain } from '../src/network/network-domain';
import { wpaPsk, WifiCredentials } from '../src/network/wifi-credentials';
import { wpaSupplicantConfig } from '../src/network/wpa-supplicant-config';
import { startApiServer } from './support/api-server';
import { systemConfigFields } from '../src/config';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('the WPA pre-shared key', () => {
  it('is the IEEE 802.11i test vector for passphrase "password", SSID "IEEE"', async () => {
    expect(await wpaPsk('IEEE', 'password')).toBe('f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e');
  });

  it('is taken as it is when the passphrase already is 64 hex digits', async () => {
    expect(await wpaPsk('IEEE', 'F42C6FC52DF0EBEF9EBB4B90B38A5F902E83FE1B135A70E23AED762E9710A12E')).toBe(
      'f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e',
    );
  });
});

describe('Wi-Fi credentials', () => {
  it('take SSIDs of 1-32 bytes and passphrases of 8-63 printable ASCII, 64 hex, or none', () => {
    expect(WifiCredentials.safeParse({ ssid: 'x'.repeat(32), passphrase: 'p'.repeat(63) }).success).toBe(true);
    expect(WifiCredentials.safeParse({ ssid: 'é'.repeat(16) }).success).toBe(true);
    expect(WifiCredentials.safeParse({ ssid: 'é'.repeat(17) }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: '' }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: 'a', passphrase: 'short' }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: 'a', passphrase: 'p'.repeat(64) }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: 'a', passphrase: 'pässwort123' }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: 'a', passphrase: 'line\nbreak1' }).success).toBe(false);
    expect(WifiCredentials.safeParse({ ssid: 'a', passphrase: '' }).success).toBe(true);
  });
});

describe('the wpa_supplicant config', () => {
  it.each([
    ['quotes', 'my "home" net'],
    ['a newline', 'home\n}\nnetwork={\n\tssid="evil"'],
    ['braces', '{}{}'],
    ['non-ASCII', 'Café ☕ Wi-Fi'],
  ])('holds exactly one network block for an SSID with %s, nothing injected', async (_label, ssid) => {
    const psk = await wpaPsk(ssid, 'pass"word}\\');
    const config = wpaSupplicantConfig({ ssid, psk });
    expect(config.match(/network=\{/g)).toHaveLength(1);
    const lines = config.split('\n');
    expect(lines).toEqual([
      'ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev',
      'update_config=0',
      '',
      'network={',
      `\tssid=${Buffer.from(ssid, 'utf8').toString('hex')}`,
      '\tscan_ssid=1',
      '\tkey_mgmt=WPA-PSK',
      `\tpsk=${psk}`,
      '}',
      '',
    ]);
    expect(config).not.toContain('pass"word');
  });

  it('has key_mgmt=NONE for an open network', () => {
    expect(wpaSupplicantConfig({ ssid: 'FreeWifi', psk: null })).toContain('\tkey_mgmt=NONE\n}');
  });
});

describe('iw scan output', () => {
  it('gives each SSID once with its strongest signal and its security, strongest first, hidden ones left out', async () => {
    const networks = parseIwScan(await readFile(path.join(FIXTURES, 'iw-scan-home.txt'), 'utf8'));
    expect(networks).toEqual([
      { ssid: 'Maison', signal: -48, security: 'wpa2' },
      { ssid: 'Café "Wi-Fi" {x}\\', signal: -60, security: 'wpa3' },
      { ssid: 'LegacyWPA', signal: -66, security: 'wpa' },
      { ssid: 'FreeWifi', signal: -80, security: 'open' },
      { ssid: 'OldRouter', signal: -83, security: 'wep' },
    ]);
  });

  it('turns \\xNN escapes back into bytes', () => {
    expect(unescapeIwSsid('\\xe2\\x98\\x95 caf\\xc3\\xa9')).toBe('☕ café');
  });
});

describe('the access point password', () => {
  it('is 12+ characters without look-alikes, new every time', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => newApPassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) {
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect([...password].every((char) => AP_PASSWORD_ALPHABET.includes(char))).toBe(true);
    }
    expect(AP_PASSWORD_ALPHABET).not.toMatch(/[0O1lI5S2Z8B]/);
  });
});

describe('Wi-Fi over HTTP (scan and join with iw and systemctl stand-ins)', () => {
  let dir: string;
  let server: { base: string; close: () => Promise<void> };
  let base: string;
  let bus: MqttBus;
  const calls = () => readFile(path.join(dir, 'calls.log'), 'utf8').then((text) => text.trim().split('\n'), () => []);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-wifi-'));
    // wlan0 and systemd do not exist here: these record their arguments as the real ones would get them.
    const recorder = (output: string) => `#!/bin/sh\necho "$(basename "$0") $*" >> "${dir}/calls.log"\n${output}`;
    await writeFile(path.join(dir, 'iw'), recorder(`cat "${path.join(FIXTURES, 'iw-scan-home.txt')}"\n`));
    await writeFile(path.join(dir, 'systemctl'), recorder(''));
    await chmod(path.join(dir, 'iw'), 0o755);
    await chmod(path.join(dir, 'systemctl'), 0o755);
    const { logger } = captureLogs();
    const config = loadConfig(systemConfigFields, {
        MAPIO_IW_COMMAND: path.join(dir, 'iw'),
        MAPIO_SYSTEMCTL_COMMAND: path.join(dir, 'systemctl'),
        MAPIO_WPA_SUPPLICANT_CONF: path.join(dir, 'etc', 'wpa_supplicant-wlan0.conf'),
        MAPIO_AP_CONF: path.join(dir, 'hostapd.conf'),
        MAPIO_INTERNET_TARGETS: '127.0.0.1:1',
    });
    // Not connected: publishes are queued in memory, which these tests do not look at.
    bus = new MqttBus({ url: 'mqtt://127.0.0.1:1', clientId: 'wifi-http-test', logger });
    const network = createNetworkDomain(config, { bus, logger });
    server = await startApiServer({ api: network.api, legacy: network.legacy, dir });
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
    await bus.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await rm(path.join(dir, 'calls.log'), { force: true });
  });

  it('scans once for several requests within 10 s; legacy /getScan lists the names', async () => {
    const networks = (await (await fetch(`${base}/api/v1/wifi/networks`)).json()) as Array<{ ssid: string }>;
    expect(networks[0]).toEqual({ ssid: 'Maison', signal: -48, security: 'wpa2' });
    const legacy = await (await fetch(`${base}/getScan`)).json();
    expect(legacy).toEqual(networks.map((n) => ({ name: n.ssid })));
    expect(await calls()).toEqual(['iw dev wlan0 scan']);
  });

  it('joins: config written 0600 with the PSK hashed, then AP stopped, wpa_supplicant restarted and enabled', async () => {
    const response = await fetch(`${base}/api/v1/wifi`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ssid: 'IEEE', passphrase: 'password' }),
    });
    expect(response.status).toBe(200);
    const file = path.join(dir, 'etc', 'wpa_supplicant-wlan0.conf');
    const config = await readFile(file, 'utf8');
    expect(config).toContain('\tssid=49454545\n');
    expect(config).toContain('\tpsk=f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e\n');
    expect(config).not.toContain('password');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await calls()).toEqual(['systemctl stop hostapd.service', 'systemctl restart wpa_supplicant@wlan0.service', 'systemctl enable wpa_supplicant@wlan0.service']);
  });

  it('takes the old front end\'s POST /wifi {selectedWifi, password}; a bad one changes nothing', async () => {
    const file = path.join(dir, 'etc', 'wpa_supplicant-wlan0.conf');
    const ok = await fetch(`${base}/wifi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"selectedWifi":"Maison","password":"correct horse"}' });
    expect(ok.status).toBe(200);
    const before = await readFile(file, 'utf8');
    expect(before).toContain(`\tssid=${Buffer.from('Maison').toString('hex')}\n`);
    await rm(path.join(dir, 'calls.log'), { force: true });
    const bad = await fetch(`${base}/wifi`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"selectedWifi":"Maison","password":"short"}' });
    expect(bad.status).toBe(400);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await calls()).toEqual([]);
  });
});
