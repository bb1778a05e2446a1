import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithServices } from '@mapio/testkit';
import { parse as parseYaml } from 'yaml';
import { parseComposeFile } from '../../webserver-back/src/docker/compose-file';
import { ComposeProject, customComposeFile } from '../../webserver-back/src/docker/compose-project';
import { CustomComposeFile } from '../../webserver-back/src/docker/custom-compose-file';
import { createServiceRequest, toComposeEntry } from '../../webserver-back/src/docker/custom-service-spec';
import { composeDir } from './support/repo';

const execFileAsync = promisify(execFile);
const composeFile = path.join(composeDir, 'docker-compose.yml');
const exampleEnv = path.join(composeDir, 'mapio.env.example');

/** The services of the OS description, plus nextcloud's database. */
const SHIPPED = [
  'homeassistant', 'zigbee2mqtt', 'caddy', 'jellyfin', 'samba', 'nextcloud', 'domoticz',
  'resticprofile', 'teleinfo2mqtt', 'matter-server', 'otbr', 'wireguard',
];

interface ResolvedService {
  image: string;
  network_mode?: string;
  volumes?: Array<string | { source: string }>;
  environment?: Record<string, string>;
}

const composeConfig = async (files: string[]) => {
  const { stdout } = await execFileAsync('docker-compose', ['--env-file', exampleEnv, ...files.flatMap((file) => ['-f', file]), 'config'], {
    timeout: 60_000,
    env: { PATH: process.env.PATH }, // nothing of this machine's environment leaks into the substitution
  });
  return parseYaml(stdout) as { services: Record<string, ResolvedService> };
};

describeWithServices(['docker-compose'], 'the default compose set (compose/docker-compose.yml)', () => {
  jest.setTimeout(90_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-compose-set-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads in docker-compose config with the example env file, with the twelve services and a database', async () => {
    const config = await composeConfig([composeFile]);
    expect(Object.keys(config.services).sort()).toEqual([...SHIPPED, 'nextcloud-db'].sort());
    for (const [name, service] of Object.entries(config.services)) expect([name, service.image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:[\w.-]+$/)]);
  });

  it('keeps persistent data under /usr/local (host paths of volumes)', async () => {
    const config = await composeConfig([composeFile]);
    // Read-only views of the host (time zone, D-Bus, udev, kernel modules) are the only exceptions.
    const hostViews = ['/etc/localtime', '/run/dbus', '/run/udev', '/lib/modules'];
    for (const [name, service] of Object.entries(config.services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] ?? '' : volume.source;
        if (hostViews.includes(source)) continue;
        expect(`${name}: ${source}`).toMatch(new RegExp(`^${name}: /usr/local(/|$)`));
      }
    }
  });

  it('keeps secrets out of the file: every password is a variable, filled from the env file', async () => {
    const text = readFileSync(composeFile, 'utf8');
    for (const line of text.split('\n').filter((l) => /(PASS|PASSWORD)\w*:/.test(l))) expect(line).toMatch(/\$\{[A-Z_]+:-\}/);
    const config = await composeConfig([composeFile]);
    expect(config.services.nextcloud?.environment?.MYSQL_PASSWORD).toBe('change-me');
  });

  it('puts the services that use the host broker or LAN discovery on the host network', async () => {
    const config = await composeConfig([composeFile]);
    for (const name of ['homeassistant', 'zigbee2mqtt', 'domoticz', 'teleinfo2mqtt', 'matter-server', 'otbr', 'jellyfin']) {
      expect([name, config.services[name]?.network_mode]).toEqual([name, 'host']);
    }
  });

  it("loads in webserver-back's compose model, every service with its image", () => {
    const content = parseComposeFile(readFileSync(composeFile, 'utf8'), composeFile, 'base');
    expect([...content.services.keys()].sort()).toEqual([...SHIPPED, 'nextcloud-db'].sort());
    for (const service of content.services.values()) expect(service.image).not.toBeNull();
    expect(content.services.get('caddy')?.ports.map((port) => port.hostPort)).toEqual([80, 443, 443]);
  });

  it("keeps working beside the owner's custom file, as the web UI writes it", async () => {
    const project = new ComposeProject({ base: composeFile, custom: customComposeFile(dataDir), project: 'mapio' });
    const request = createServiceRequest(dataDir).parse({
      name: 'whoami',
      image: 'traefik/whoami:v1.10',
      ports: [{ host: 8000, container: 80, protocol: 'tcp' }],
      volumes: [{ source: path.join(dataDir, 'whoami'), target: '/data', readOnly: false }],
    });
    await new CustomComposeFile(customComposeFile(dataDir)).addService('whoami', toComposeEntry(request), await project.baseVersion());
    const services = await project.services();
    expect(services.get('whoami')?.source).toBe('custom');
    expect(services.get('homeassistant')?.source).toBe('base');
    // The compose CLI merges both files the way webserver-back hands them over.
    const config = await composeConfig(await project.existingFiles());
    expect(Object.keys(config.services)).toEqual(expect.arrayContaining([...SHIPPED, 'whoami']));
  });
});
