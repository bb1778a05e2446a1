import type { PortMap } from '@mapio/webserver-api';
import { pageFromHash } from '../src/logic/pages';
import { portProblems } from '../src/logic/port-check';

const map: PortMap = {
  ports: [
    { port: 8123, protocol: 'tcp', address: '0.0.0.0', owner: { kind: 'container', container: 'homeassistant', service: 'homeassistant', via: 'host-network' } },
    { port: 22, protocol: 'tcp', address: '0.0.0.0', owner: { kind: 'host' } },
    { port: 8080, protocol: 'tcp', address: '', owner: { kind: 'declared', service: 'myapp' } },
  ],
  conflicts: [],
};

describe('port check as the owner types', () => {
  it('names who holds a taken port', () => {
    expect(portProblems([{ host: 8123, protocol: 'tcp' }], map, 'new')).toEqual(['port 8123/tcp is used by homeassistant (host network)']);
    expect(portProblems([{ host: 22, protocol: 'tcp' }], map, 'new')).toEqual(['port 22/tcp is used by a program of the MAPIO system']);
  });

  it('a free port, the other protocol, an empty field and the service own declared port are fine', () => {
    expect(portProblems([{ host: 9000, protocol: 'tcp' }, { host: 8123, protocol: 'udp' }, { host: null, protocol: 'tcp' }], map, 'new')).toEqual([null, null, null]);
    expect(portProblems([{ host: 8080, protocol: 'tcp' }], map, 'myapp')).toEqual([null]);
  });

  it('refuses the same port twice in the form and numbers out of range', () => {
    expect(portProblems([{ host: 9000, protocol: 'tcp' }, { host: 9000, protocol: 'tcp' }], map, 'x')).toEqual([null, 'port 9000/tcp is already in this form']);
    expect(portProblems([{ host: 70000, protocol: 'tcp' }], null, 'x')).toEqual(['a port is a whole number from 1 to 65535']);
  });
});

describe('pages from the address', () => {
  it.each([
    ['', 'services'],
    ['#/ports', 'ports'],
    ['#/create?x=1', 'create'],
    ['#/nonsense', 'services'],
  ])('%s opens %s', (hash, page) => expect(pageFromHash(hash)).toBe(page));
});
