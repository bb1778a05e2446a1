import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildRaucBundle,
  ChildDaemon,
  createRaucSigner,
  daemonMain,
  describeWithServices,
  MosquittoBroker,
  MqttRecorder,
  PrivateDockerd,
  RaucSystem,
} from '@mapio/testkit';
import { checkedBootFile } from '../src/health/check-after-update';
import { LoopDisk, MIB } from './support/loop-disk';

const COMPATIBLE = 'mapio-init-test';
const BUNDLE_VERSION = '1.4.0';

jest.setTimeout(240_000);

const DAEMONS = ['display', 'gpio-ha', 'webserver-back'] as const;

describeWithServices(['rauc', 'mksquashfs', 'dbus-daemon', 'openssl', 'unshare', 'mosquitto', 'dockerd'], 'mapio-init health with a real RAUC service', () => {
  let dockerd: PrivateDockerd;
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let rauc: RaucSystem | undefined;
  let dataDir: string;
  let bundleDir: string;
  let keyring: string;
  let bundle: string;

  beforeAll(async () => {
    dockerd = await PrivateDockerd.start();
    bundleDir = await mkdtemp(path.join(os.tmpdir(), 'mapio-init-bundle-'));
    const signer = await createRaucSigner(path.join(bundleDir, 'ca'));
    keyring = signer.caPem;
    ({ bundle } = await buildRaucBundle(signer, bundleDir, 'update', { compatible: COMPATIBLE, version: BUNDLE_VERSION }));
  });
  afterAll(async () => {
    await dockerd.destroy();
    await rm(bundleDir, { recursive: true, force: true });
  });
  // Each test its own broker (no retained availability left over), data dir and RAUC system.
  beforeEach(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/init/state']);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'mapio-init-data-'));
  });
  afterEach(async () => {
    await rauc?.destroy();
    rauc = undefined;
    await recorder.close();
    await broker.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A device booted from slot A, as RAUC sees it. */
  async function bootedFromA(): Promise<RaucSystem> {
    rauc = await RaucSystem.start({ compatible: COMPATIBLE, keyring });
    return rauc;
  }

  const health = (system: RaucSystem, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    ChildDaemon.spawn(daemonMain('init'), ['health', ...args], {
      ...system.env,
      MAPIO_LOG_FORMAT: 'json',
      MAPIO_MQTT_URL: broker.url,
      MAPIO_DATA_DIR: dataDir,
      MAPIO_RAUC_SYSTEM_CONF: system.systemConf,
      DOCKER_HOST: dockerd.host,
      ...env,
    });

  const announce = async (daemons: readonly string[]) => {
    for (const daemon of daemons) await recorder.publish(`mapio/${daemon}/availability`, 'online', { retain: true });
  };

  /** Installed the bundle from slot A, then "rebooted" into B. */
  async function updatedToB(): Promise<RaucSystem> {
    const system = await bootedFromA();
    await system.install(bundle);
    expect(await system.primary()).toBe('B');
    await system.reboot('B');
    return system;
  }

  it('marks the new slot good once the three daemons are online and Docker answers; a second run changes nothing', async () => {
    const system = await updatedToB();
    const bootStateBefore = await system.slotState('B');
    const since = Date.now();
    const child = health(system);
    // It waits: the daemons come online only after it started checking.
    const checking = await recorder.waitFor('mapio/init/state', (p) => p.includes('"checking"'), 60_000, since);
    expect(JSON.parse(checking.payload)).toMatchObject({ phase: 'checking', slot: 'B', version: BUNDLE_VERSION });
    expect(await system.bootloaderCalls()).not.toContain('set-state B good');
    await announce(DAEMONS);
    expect((await child.exited).code).toBe(0);
    expect(child.stdout).toContain(`MARKED GOOD: slot B, version ${BUNDLE_VERSION}`);
    expect(bootStateBefore).toBe('bad');
    expect(await system.slotState('B')).toBe('good');
    expect(await system.bootloaderCalls()).toContain('set-state B good');
    expect(await system.primary()).toBe('B');
    const done = await recorder.waitFor('mapio/init/state', (p) => p.includes('"done"'), 10_000, since);
    expect(JSON.parse(done.payload)).toMatchObject({ phase: 'done', slot: 'B', version: BUNDLE_VERSION });
    expect(JSON.parse(await readFile(checkedBootFile(dataDir), 'utf8'))).toMatchObject({ slot: 'B', version: BUNDLE_VERSION });

    const callsBefore = await system.bootloaderCalls();
    const again = health(system);
    expect((await again.exited).code).toBe(0);
    expect(again.stdout).toContain(`NOCHANGE: no update since the last healthy boot (slot B, version ${BUNDLE_VERSION})`);
    expect((await system.bootloaderCalls()).filter((call) => call.startsWith('set-'))).toEqual(callsBefore.filter((call) => call.startsWith('set-')));
  });

  it('leaves the slot unmarked and reports failed when a daemon never comes online', async () => {
    const system = await updatedToB();
    await announce(['display', 'gpio-ha']);
    const since = Date.now();
    const child = health(system, ['--timeout', '3']);
    expect((await child.exited).code).toBe(2);
    expect(await system.slotState('B')).toBe('bad');
    expect(await system.bootloaderCalls()).not.toContain('set-state B good');
    const failed = await recorder.waitFor('mapio/init/state', (p) => p.includes('"failed"'), 10_000, since);
    expect(JSON.parse(failed.payload)).toMatchObject({
      phase: 'failed',
      slot: 'B',
      version: BUNDLE_VERSION,
      error: expect.stringContaining('webserver-back not online'),
    });
    await expect(readFile(checkedBootFile(dataDir), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('leaves the slot unmarked when the daemons are online but Docker does not answer', async () => {
    const system = await updatedToB();
    await announce(DAEMONS);
    const child = health(system, ['--timeout', '3'], { DOCKER_HOST: `unix://${path.join(dataDir, 'no-docker.sock')}` });
    expect((await child.exited).code).toBe(2);
    expect(child.stdout).toMatch(/FAILED: not healthy after 3 s: Docker Engine not answering; slot B left unmarked/);
    expect(await system.slotState('B')).toBe('bad');
  });

  it('the harness installs while a loop partition is mounted on this machine (rauc runs in its own mount namespace)', async () => {
    const disk = await LoopDisk.create(32 * MIB, ['label: dos', ',16M,83', ''].join('\n'));
    try {
      await disk.mkfsExt4(1);
      await disk.mount(1);
      const system = await bootedFromA();
      await expect(system.install(bundle)).resolves.toBeDefined();
      expect(await system.primary()).toBe('B');
    } finally {
      await disk.destroy();
    }
  });

  it('keeps a pending update pending: run before the reboot, it marks only the booted slot good', async () => {
    const system = await bootedFromA();
    await system.install(bundle);
    await announce(DAEMONS);
    const child = health(system);
    expect((await child.exited).code).toBe(0);
    expect(child.stdout).toContain('MARKED GOOD: slot A');
    expect(await system.primary()).toBe('B');
    expect((await system.bootloaderCalls()).filter((call) => call.startsWith('set-primary'))).toEqual(['set-primary B']);
  });
});

describe('mapio-init health without RAUC', () => {
  it('skips with a NOCHANGE line and exits 0', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mapio-init-data-'));
    try {
      const child = ChildDaemon.spawn(daemonMain('init'), ['health'], {
        MAPIO_LOG_FORMAT: 'json',
        MAPIO_MQTT_URL: 'mqtt://127.0.0.1:1',
        MAPIO_INIT_MQTT_WAIT_MS: '0',
        MAPIO_DATA_DIR: dataDir,
        MAPIO_RAUC_SYSTEM_CONF: path.join(dataDir, 'no-rauc', 'system.conf'),
      });
      expect((await child.exited).code).toBe(0);
      expect(child.stdout).toContain(`NOCHANGE: RAUC is not set up on this system (no ${path.join(dataDir, 'no-rauc', 'system.conf')}): no slot to mark`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
