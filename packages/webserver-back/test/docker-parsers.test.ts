import { composeArgs, COMPOSE_V1, COMPOSE_V2 } from '../src/docker/compose-cli';
import { parseComposeFile, ComposeFileError } from '../src/docker/compose-file';
import { humanDuration, statusText, toContainerRecord } from '../src/docker/container-record';
import { ContainerInspect } from '../src/docker/engine-schemas';
import { JsonLinesDecoder } from '../src/docker/json-lines';
import { LineSplitter, LogDemuxer } from '../src/docker/log-demux';
import { parseProcNet } from '../src/docker/proc-net';
import { PullProgress } from '../src/docker/pull-progress';
import { compareDigests, repositoryOf } from '../src/docker/update-check';

const frame = (type: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('the Docker log demultiplexer', () => {
  it('splits stdout and stderr frames, whatever the chunk boundaries', () => {
    const stream = Buffer.concat([frame(1, 'one\n'), frame(2, 'oops\n'), frame(1, '\u001b[32mgreen\u001b[0m\n')]);
    for (const cut of [1, 3, 8, 9, 13, stream.length - 1]) {
      const demuxer = new LogDemuxer(false);
      const frames = [...demuxer.push(stream.subarray(0, cut)), ...demuxer.push(stream.subarray(cut))];
      expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
        ['stdout', 'one\n'],
        ['stderr', 'oops\n'],
        ['stdout', '\u001b[32mgreen\u001b[0m\n'],
      ]);
    }
  });

  it('passes a TTY container output through as stdout', () => {
    expect(new LogDemuxer(true).push(Buffer.from('raw\r\n')).map((f) => [f.stream, f.data.toString()])).toEqual([['stdout', 'raw\r\n']]);
  });

  it('rebuilds lines spanning frames, per stream', () => {
    const lines = new LineSplitter();
    expect(lines.push({ stream: 'stdout', data: Buffer.from('hel') })).toEqual([]);
    expect(lines.push({ stream: 'stderr', data: Buffer.from('err\n') })).toEqual([{ stream: 'stderr', line: 'err' }]);
    expect(lines.push({ stream: 'stdout', data: Buffer.from('lo\r\nnext') })).toEqual([{ stream: 'stdout', line: 'hello' }]);
    expect(lines.flush()).toEqual([{ stream: 'stdout', line: 'next' }]);
  });
});

describe('newline-delimited JSON from the Engine', () => {
  it('yields whole values across chunks and reports garbage lines', () => {
    const decoder = new JsonLinesDecoder();
    expect(decoder.push('{"a":1}\n{"b"')).toEqual({ values: [{ a: 1 }], invalid: [] });
    expect(decoder.push(':2}\r\nnot json\n')).toEqual({ values: [{ b: 2 }], invalid: ['not json'] });
  });
});

describe('pull progress', () => {
  it('goes from 0 to 100 over download and extraction of every layer', () => {
    const progress = new PullProgress();
    progress.apply({ status: 'Pulling from demo/app', id: 'latest' });
    progress.apply({ status: 'Pulling fs layer', id: 'a' });
    progress.apply({ status: 'Pulling fs layer', id: 'b' });
    expect(progress.percent).toBe(0);
    progress.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } });
    const half = progress.percent;
    expect(half).toBeGreaterThan(0);
    progress.apply({ status: 'Extracting', id: 'a', progressDetail: { current: 100, total: 100 } });
    expect(progress.percent).toBeGreaterThan(half);
    progress.apply({ status: 'Pull complete', id: 'a' });
    progress.apply({ status: 'Already exists', id: 'b' });
    expect(progress.percent).toBe(100);
  });
});

describe('compose files', () => {
  it('reads services with image, container name, network mode and every ports form', () => {
    const file = parseComposeFile(
      [
        'version: "3.8"',
        'services:',
        '  homeassistant:',
        '    image: ghcr.io/home-assistant/home-assistant:stable',
        '    container_name: homeassistant',
        '    network_mode: host',
        '  nodered:',
        '    image: nodered/node-red',
        '    ports: ["1880:1880", "127.0.0.1:9000-9001:9000-9001/udp", "5000", {target: 80, published: 8080}]',
        '  built:',
        '    build: .',
      ].join('\n'),
      'base.yml',
      'base',
    );
    expect(file.version).toBe('3.8');
    expect(file.services.get('homeassistant')).toEqual({
      name: 'homeassistant', source: 'base', image: 'ghcr.io/home-assistant/home-assistant:stable',
      containerName: 'homeassistant', networkMode: 'host', ports: [],
    });
    expect(file.services.get('nodered')?.ports).toEqual([
      { hostPort: 1880, containerPort: 1880, protocol: 'tcp' },
      { hostPort: 9000, containerPort: 9000, protocol: 'udp' },
      { hostPort: 9001, containerPort: 9001, protocol: 'udp' },
      { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(file.services.get('built')?.image).toBeNull();
  });

  it('names the file when it is not YAML or not a compose file', () => {
    expect(() => parseComposeFile('services: [unclosed', 'x.yml', 'custom')).toThrow(ComposeFileError);
    expect(() => parseComposeFile('services: 3', 'x.yml', 'custom')).toThrow(/x\.yml is not a compose file/);
    expect(parseComposeFile('', 'empty.yml', 'custom').services.size).toBe(0);
  });
});

describe('the compose command line', () => {
  it('is an argument array for the plugin and for docker-compose alike', () => {
    const sub = ['up', '-d', '--no-deps', 'web'];
    expect(composeArgs(COMPOSE_V2, 'mapio', ['/a.yml', '/b.yml'], sub)).toEqual([
      'compose', '--project-name', 'mapio', '--file', '/a.yml', '--file', '/b.yml', 'up', '-d', '--no-deps', 'web',
    ]);
    expect(composeArgs(COMPOSE_V1, 'mapio', ['/a.yml'], sub)).toEqual(['--project-name', 'mapio', '--file', '/a.yml', ...sub]);
  });
});

describe('container status text (as docker ps prints it)', () => {
  const record = (state: Record<string, unknown>) =>
    toContainerRecord(
      ContainerInspect.parse({
        Id: 'c1', Name: '/mapio_web_1', Created: '2026-11-26T10:00:00Z', Image: 'sha256:1',
        State: { Status: 'running', StartedAt: '2026-11-26T10:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ...state },
        Config: { Image: 'web', Labels: { 'com.docker.compose.project': 'mapio', 'com.docker.compose.service': 'web' } },
        NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '81/tcp': null } },
      }),
    );
  const now = Date.parse('2026-11-26T10:05:00Z');

  it('reads the record from an inspect answer', () => {
    expect(record({})).toMatchObject({
      name: 'mapio_web_1', composeProject: 'mapio', composeService: 'web', finishedAt: null,
      publishedPorts: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
    });
  });

  it.each([
    [{}, 'Up 5 minutes'],
    [{ Health: { Status: 'healthy' } }, 'Up 5 minutes (healthy)'],
    [{ Status: 'exited', ExitCode: 137, FinishedAt: '2026-11-26T08:05:00Z' }, 'Exited (137) 2 hours ago'],
    [{ Status: 'created', StartedAt: '0001-01-01T00:00:00Z' }, 'Created'],
  ])('%j -> %s', (state, text) => {
    expect(statusText(record(state), now)).toBe(text);
  });

  it('says durations like docker', () => {
    expect([500, 1000, 45_000, 60_000, 3_600_000, 3 * 86_400_000].map(humanDuration)).toEqual([
      'Less than a second', '1 second', '45 seconds', 'About a minute', 'About an hour', '3 days',
    ]);
  });
});

describe('/proc/net listening sockets', () => {
  it('keeps TCP LISTEN and bound UDP sockets with address, port and inode', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0 100 0 0 10 0',
      '   1: 0100007F:A2B4 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0',
    ].join('\n');
    expect(parseProcNet(tcp, 'tcp')).toEqual([{ protocol: 'tcp', address: '127.0.0.1', port: 8080, inode: 12345 }]);
    const tcp6 = 'header\n   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 777 1';
    expect(parseProcNet(tcp6, 'tcp')).toEqual([{ protocol: 'tcp', address: '::', port: 80, inode: 777 }]);
  });
});

describe('update decision', () => {
  const remote = (digest: string | null, error: string | null = null) => ({ at: 0, digest, error });
  it('compares the local repo digest with the registry', () => {
    const local = ['127.0.0.1:5000/demo/app@sha256:aaa'];
    expect(compareDigests('app', '127.0.0.1:5000/demo/app:latest', local, remote('sha256:aaa'))).toMatchObject({ updateAvailable: false });
    expect(compareDigests('app', '127.0.0.1:5000/demo/app:latest', local, remote('sha256:bbb'))).toMatchObject({ updateAvailable: true });
  });
  it('says unknown, with a reason, when it cannot tell', () => {
    expect(compareDigests('a', 'demo/app:1', [], remote('sha256:b'))).toMatchObject({ updateAvailable: 'unknown', reason: expect.stringMatching(/no registry digest/) });
    expect(compareDigests('a', 'demo/app:1', null, remote('sha256:b'))).toMatchObject({ updateAvailable: 'unknown', reason: 'image not pulled yet' });
    expect(compareDigests('a', 'demo/app:1', ['demo/app@sha256:a'], remote(null, 'timeout'))).toMatchObject({ updateAvailable: 'unknown', reason: expect.stringMatching(/timeout/) });
  });
  it('matches Docker Hub names with or without docker.io/library', () => {
    expect(compareDigests('n', 'nginx:1.27', ['nginx@sha256:a'], remote('sha256:a'))).toMatchObject({ updateAvailable: false });
    expect(repositoryOf('127.0.0.1:5000/demo/app:latest')).toBe('127.0.0.1:5000/demo/app');
    expect(repositoryOf('127.0.0.1:5000/demo/app')).toBe('127.0.0.1:5000/demo/app');
  });
});
