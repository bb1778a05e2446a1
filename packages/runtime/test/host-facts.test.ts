import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { homeAssistantDevice, parseOsRelease, readDeviceIdentity, readOsRelease } from '@mapio/runtime';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-host-'));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('os-release', () => {
  it('reads quoted and unquoted values with escapes, ignoring comments', () => {
    const parsed = parseOsRelease(
      '# MAPIO\nID=mapio\nNAME="MAPIO OS"\nVERSION_ID=1.4.0\nPRETTY_NAME="MAPIO OS 1.4.0 (\\"kirkstone\\")"\nnot a line\n',
    );
    expect(parsed).toMatchObject({ ID: 'mapio', NAME: 'MAPIO OS', VERSION_ID: '1.4.0', PRETTY_NAME: 'MAPIO OS 1.4.0 ("kirkstone")' });
  });

  it('falls back to NAME for PRETTY_NAME, and to "unknown OS" without a file', async () => {
    expect(parseOsRelease("NAME='Poky'\n").PRETTY_NAME).toBe('Poky');
    expect((await readOsRelease([path.join(dir, 'missing')])).PRETTY_NAME).toBe('unknown OS');
  });
});

describe('device identity', () => {
  const osRelease = file('os-release', 'NAME="MAPIO OS"\nVERSION_ID=1.4.0\n');

  it('uses the board serial from the device tree (NUL-terminated)', async () => {
    const identity = await readDeviceIdentity({
      serialNumberFile: file('serial-number', '10000000ABCDEF12\0'),
      machineIdFile: file('machine-id', 'f00\n'),
      osReleaseFiles: [osRelease],
    });
    expect(identity).toEqual({ serial: '10000000abcdef12', deviceId: 'mapio_10000000abcdef12', osVersion: '1.4.0' });
    expect(homeAssistantDevice(identity, 'http://192.168.1.20:8456/')).toMatchObject({
      identifiers: ['mapio_10000000abcdef12'],
      name: 'MAPIO',
      sw_version: '1.4.0',
      configuration_url: 'http://192.168.1.20:8456/',
    });
  });

  it('falls back to the machine id off the board', async () => {
    const identity = await readDeviceIdentity({
      serialNumberFile: path.join(dir, 'none'),
      machineIdFile: file('machine-id2', '4c4c4544004e4a10\n'),
      osReleaseFiles: [osRelease],
    });
    expect(identity.deviceId).toBe('mapio_4c4c4544004e4a10');
  });

  it('leaves out of the Home Assistant device what os-release left empty (Home Assistant refuses "")', async () => {
    const identity = await readDeviceIdentity({
      serialNumberFile: file('serial-number2', '10000000abcdef13\0'),
      osReleaseFiles: [file('os-release-empty', 'NAME="MAPIO OS"\nVERSION_ID=""\n')],
    });
    const device = homeAssistantDevice(identity);
    expect(device).not.toHaveProperty('sw_version');
    expect(device).not.toHaveProperty('configuration_url');
    expect(device.identifiers).toEqual(['mapio_10000000abcdef13']);
  });
});

