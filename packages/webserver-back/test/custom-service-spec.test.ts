import { stringify } from 'yaml';
import { createServiceRequest, isUnderDataDir, toComposeEntry } from '../src/docker/custom-service-spec';
import { buildPortMap, usesByOthers } from '../src/docker/port-map';
import { ImageReference } from '@mapio/webserver-api';
import type { ContainerRecord } from '../src/docker/container-record';

const schema = createServiceRequest('/usr/local');

describe('a custom service request', () => {
  it('accepts a complete service and fills defaults', () => {
    const parsed = schema.parse({
      name: 'my-app_1',
      image: 'ghcr.io/owner/app:1.2@sha256:' + 'a'.repeat(64),
      ports: [{ host: 8080, container: 80 }],
      volumes: [{ source: '/usr/local/my-app', target: '/data', readOnly: true }, { source: 'cache', target: '/cache' }],
      environment: { TZ: 'Europe/Paris' },
      command: ['serve', '--port', '80'],
    });
    expect(parsed).toMatchObject({ restart: 'unless-stopped', networkMode: 'bridge', ports: [{ protocol: 'tcp' }] });
  });

  it.each(['nginx', 'nginx:1.27', 'library/nginx', '127.0.0.1:5000/demo/app:latest', 'localhost:5000/a/b', 'registry.example.com/a_b/c--d:v1.0'])(
    'accepts the image reference %s',
    (ref) => expect(ImageReference.safeParse(ref).success).toBe(true),
  );

  it.each(['Nginx', 'nginx:', ':tag', 'a b', 'nginx;id', 'nginx@sha256:short', '-nginx', 'a//b'])('refuses the image reference %j', (ref) =>
    expect(ImageReference.safeParse(ref).success).toBe(false),
  );

  it('accepts host paths under the data directory only', () => {
    expect(isUnderDataDir('/usr/local/app', '/usr/local')).toBe(true);
    for (const bad of ['/usr/local', '/usr/localx', '/usr/local/../etc', '/usr/local/a/../../etc', 'usr/local/a', '/usr/local/a:b', '/usr/local/a\n']) {
      expect({ bad, ok: isUnderDataDir(bad, '/usr/local') }).toEqual({ bad, ok: false });
    }
  });

  it('refuses control characters in environment values and unknown fields', () => {
    expect(schema.safeParse({ name: 'a', image: 'nginx', environment: { A: 'x\ny' } }).success).toBe(false);
    expect(schema.safeParse({ name: 'a', image: 'nginx', environment: { 'A B': 'x' } }).success).toBe(false);
    expect(schema.safeParse({ name: 'a', image: 'nginx', cap_add: ['ALL'] }).success).toBe(false);
  });
});

describe('the compose entry of a custom service', () => {
  it('escapes $ so compose keeps values literal, and drops ports in host network mode', () => {
    const entry = toComposeEntry(
      schema.parse({ name: 'a', image: 'nginx', environment: { P: 'pa$$word ${HOME}' }, command: ['echo', '$HOME'], networkMode: 'host', ports: [{ host: 1, container: 2 }] }),
    );
    expect(entry).toEqual({
      image: 'nginx',
      restart: 'unless-stopped',
      network_mode: 'host',
      environment: { P: 'pa$$$$word $${HOME}' },
      command: ['echo', '$$HOME'],
      labels: { 'io.mapio.source': 'custom' },
    });
  });

  it("is written so YAML 1.1 readers (docker-compose v1) keep 'no' a string", () => {
    const text = stringify({ restart: toComposeEntry(schema.parse({ name: 'a', image: 'nginx', restart: 'no' })).restart }, { version: '1.1' });
    expect(text.trim()).toBe('restart: "no"');
  });
});

describe('the port map', () => {
  const container = (over: Partial<ContainerRecord>): ContainerRecord => ({
    id: 'id', name: 'c', image: 'i', imageId: 'sha', state: 'running', exitCode: 0, health: null, createdAt: '', startedAt: null,
    finishedAt: null, restartCount: 0, labels: {}, networkMode: 'bridge', publishedPorts: [], pid: 1, tty: false, stopTimeoutS: null,
    composeProject: 'mapio', composeService: null, ...over,
  });

  it('flags two owners of one port, and not a service holding its own declared port', () => {
    const web = container({ id: 'w', name: 'mapio_web_1', composeService: 'web', publishedPorts: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    const ha = container({ id: 'h', name: 'homeassistant', composeService: 'ha', networkMode: 'host' });
    const { ports, conflicts } = buildPortMap({
      containers: [web, ha],
      sockets: [
        { protocol: 'tcp', address: '0.0.0.0', port: 8080, inode: 1 }, // docker-proxy for web
        { protocol: 'tcp', address: '0.0.0.0', port: 8123, inode: 2 },
        { protocol: 'tcp', address: '127.0.0.1', port: 22, inode: 3 },
      ],
      hostNetworkInodes: new Map([['h', new Set([2])]]),
      services: new Map([
        ['web', { name: 'web', source: 'base', image: null, containerName: null, networkMode: null, ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }],
        ['zigbee', { name: 'zigbee', source: 'custom', image: null, containerName: null, networkMode: null, ports: [{ hostPort: 8123, containerPort: 8080, protocol: 'tcp' }] }],
      ]),
      project: 'mapio',
    });
    expect(ports.map((p) => [p.port, p.owner.kind])).toEqual([
      [22, 'host'],
      [8080, 'container'],
      [8123, 'container'],
      [8123, 'declared'],
    ]);
    expect(conflicts).toEqual([
      { port: 8123, protocol: 'tcp', owners: [expect.objectContaining({ service: 'ha' }), { kind: 'declared', service: 'zigbee' }] },
    ]);
    expect(usesByOthers(ports, 8080, 'tcp', 'web')).toEqual([]);
    expect(usesByOthers(ports, 22, 'tcp', 'new')).toHaveLength(1);
  });
});
