import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildDaemon, describeWithServices, freePort, MosquittoBroker, MqttRecorder, repoRoot } from '@mapio/testkit';
import { nodeFlags } from './support/repo';

// scripts/release for this machine's architecture; the arm64 tarballs differ only in node_modules.
const RELEASE_BUILD_MS = 10 * 60_000;
const START_MS = 60_000;

const versionOf = (pkg: string) => (JSON.parse(readFileSync(path.join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const tarball = (daemon: string) => path.join(repoRoot, 'release', 'out', `mapio-${daemon}-${versionOf(daemon)}-linux-x64.tar.gz`);

describeWithServices(['mosquitto', 'tar'], 'release tarballs (scripts/release --arch x64), unpacked and started as the units start them', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-release-smoke-'));
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  const running: ChildDaemon[] = [];

  /** Unpacks a daemon's tarball as the recipe installs it and returns its main.js. */
  const unpack = (daemon: string): string => {
    const dir = path.join(scratch, daemon);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball(daemon), '-C', dir]);
    return path.join(dir, `mapio-${daemon}`, 'main.js');
  };
  const run = (daemon: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const child = ChildDaemon.spawn(unpack(daemon), args, { MAPIO_LOG_FORMAT: 'json', ...env }, nodeFlags());
    running.push(child);
    return child;
  };
  const simEnv = (daemon: string): NodeJS.ProcessEnv => ({
    MAPIO_MQTT_URL: broker.url,
    MAPIO_HARDWARE: 'sim',
    MAPIO_SIM_DIR: path.join(scratch, `${daemon}-sim`),
    MAPIO_DATA_DIR: path.join(scratch, `${daemon}-data`),
  });

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'lib', 'release.mjs'), '--arch', 'x64'], { stdio: 'pipe', timeout: RELEASE_BUILD_MS });
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
  }, RELEASE_BUILD_MS + 30_000);

  afterAll(async () => {
    await Promise.all(running.map((child) => child.stop('SIGTERM', 10_000)));
    await recorder?.close();
    await broker?.destroy();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each(['init', 'display', 'gpio-ha', 'webserver-back'])('mapio-%s unpacks to the fixed layout with its sha256 beside it', (daemon) => {
    const main = unpack(daemon);
    const dir = path.dirname(main);
    for (const file of ['main.js', 'main.js.map', 'package.json']) expect(existsSync(path.join(dir, file))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: `mapio-${daemon}`, version: versionOf(daemon) });
    const [digest] = readFileSync(`${tarball(daemon)}.sha256`, 'utf8').split(/\s+/);
    expect(execFileSync('sha256sum', [tarball(daemon)], { encoding: 'utf8' }).split(/\s+/)[0]).toBe(digest);
  });

  it.each([
    ['display', ['sharp', 'rpio']],
    ['gpio-ha', ['rpio']],
  ])('mapio-%s ships its native externals %j in node_modules, and loads them', (daemon, natives) => {
    const dir = path.dirname(unpack(daemon));
    for (const native of natives) {
      // Resolved from the tarball's own node_modules, as the bundle does on the device.
      const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(native)}); console.log('ok')`], { cwd: dir, encoding: 'utf8' });
      expect(loaded.trim()).toBe('ok');
    }
  });

  it.each(['init', 'display', 'gpio-ha', 'webserver-back'])('mapio-%s answers --version and --help', async (daemon) => {
    const version = run(daemon, ['--version']);
    expect((await version.exited).code).toBe(0);
    expect(version.stdout.trim()).toBe(`mapio-${daemon} ${versionOf(daemon)}`);
    const help = run(daemon, ['--help']);
    expect((await help.exited).code).toBe(0);
    expect(help.stdout).toContain('MAPIO_MQTT_URL');
  });

  it('mapio-init boot --dry-run reports done', async () => {
    const init = run('init', ['boot', '--dry-run'], simEnv('init'));
    await recorder.waitFor('mapio/init/state', (payload) => (JSON.parse(payload) as { phase: string }).phase === 'done', START_MS);
    expect((await init.exited).code).toBe(0);
  }, START_MS + 10_000);

  it.each([
    ['display', { MAPIO_DISPLAY_SIM_PANEL: 'fast' }],
    ['gpio-ha', {}],
    ['webserver-back', { MAPIO_HTTP_HOST: '127.0.0.1', DOCKER_HOST: 'unix:///nonexistent/docker.sock', MAPIO_WEB_ROOT: '/nonexistent' }],
  ])('mapio-%s starts on the simulated board until online', async (daemon, extra) => {
    const env: NodeJS.ProcessEnv = { ...simEnv(daemon), ...extra };
    if (daemon === 'webserver-back') env.MAPIO_HTTP_PORT = String(await freePort());
    const child = run(daemon, [], env);
    await recorder.waitFor(`mapio/${daemon}/availability`, (payload) => payload === 'online', START_MS).catch((error: Error) => {
      throw new Error(`${error.message}\n${child.stdout}${child.stderr}`);
    });
    expect((await child.stop('SIGTERM', 10_000)).code).toBe(0);
  }, START_MS + 20_000);
});
