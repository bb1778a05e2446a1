import { readFile } from 'node:fs/promises';
import { DiscoveryDevice } from '@mapio/contracts';
import { osVersionOf, readOsRelease } from './os-release';

/**
 * Who this box is, for Home Assistant: every daemon that publishes discovery uses the same
 * identifiers so their entities land on one "MAPIO" device.
 */
export interface DeviceIdentity {
  /** Board serial (CPU serial from the device tree) or, failing that, the machine id. */
  serial: string;
  /** `mapio_<serial>`: HA device identifier and unique_id prefix. */
  deviceId: string;
  osVersion: string;
}

export interface IdentitySources {
  serialNumberFile?: string;
  machineIdFile?: string;
  osReleaseFiles?: string[];
}

export async function readDeviceIdentity(sources: IdentitySources = {}): Promise<DeviceIdentity> {
  const serial =
    (await readId(sources.serialNumberFile ?? '/proc/device-tree/serial-number')) ??
    (await readId(sources.machineIdFile ?? '/etc/machine-id')) ??
    'unknown';
  const os = await readOsRelease(sources.osReleaseFiles);
  return { serial, deviceId: `mapio_${serial}`, osVersion: osVersionOf(os) };
}

/** The device tree's serial-number ends with a NUL; keep only what is safe in an MQTT topic level. */
async function readId(file: string): Promise<string | null> {
  try {
    const id = (await readFile(file, 'latin1')).replace(/\0/g, '').trim().toLowerCase().replace(/[^a-z0-9]/g, '');
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

/**
 * The `device` block of every Home Assistant discovery config of this box. Values read from files
 * (os-release) may be empty, which Home Assistant refuses: those are left out.
 */
export function homeAssistantDevice(identity: DeviceIdentity, configurationUrl?: string): DiscoveryDevice {
  const device = {
    identifiers: [identity.deviceId],
    name: 'MAPIO',
    manufacturer: 'MAPIO',
    model: 'MAPIO gateway (Raspberry Pi CM4)',
    serial_number: identity.serial,
    sw_version: identity.osVersion,
    configuration_url: configurationUrl,
  };
  return DiscoveryDevice.parse(Object.fromEntries(Object.entries(device).filter(([, value]) => value !== '' && value !== undefined)));
}
