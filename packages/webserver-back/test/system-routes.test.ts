import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseOsRelease } from '@mapio/runtime';
import {
  buildRaucBundle,
  ChildDaemon,
  createRaucSigner,
  daemonMain,
  describeWithServices,
  eventually,
  freePort,
  MosquittoBroker,
  MqttRecorder,
  RaucSystem,
  webserverDaemonEnv,
} from '@mapio/testkit';
import { escapeHtml } from '../src/system/recent-logs';

const run = promisify(execFile);

describe('log lines for the old front end', () => {
  it('have & < > " and \' escaped, ANSI colour codes kept', () => {
    expect(escapeHtml('\u001b[31m<img src=x onerror=alert(1)>\u001b[0m & "q" \'s\'')).toBe(
      '\u001b[31m&lt;img src=x onerror=alert(1)&gt;\u001b[0m &amp; &quot;q&quot; &#39;s&#39;',
    );
  });
});

describeWithServices(['mosquitto', 'rauc', 'mksquashfs', 'dbus-daemon', 'unshare', 'openssl'], 'system routes: /api/v1/system, reboot, legacy /version and /logs', () => {
  let broker: MosquittoBroker;
  let rauc: RaucSystem;
  let work: string;
  let port: number;
  let osRelease: string;
  let daemon: ChildDaemon;
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'mapio-system-test-'));
    const signer = await createRaucSigner(path.join(work, 'ca'));
    rauc = await RaucSystem.start({ compatible: 'mapio-system-test', keyring: signer.caPem });
    const { bundle } = await buildRaucBundle(signer, work, 'v3', { compatible: 'mapio-system-test', version: '3.0.1' });
    await run('rauc', ['--conf', rauc.systemConf, 'install', bundle], { env: { ...process.env, ...rauc.env }, timeout: 60_000 });
    await writeFile(
      path.join(work, 'journal.txt'),
      ['Dec 01 10:00:00 mapio systemd[1]: Started docker.service.', '\u001b[31mERROR\u001b[0m name=<img src=x onerror=alert(1)> & "more"', ''].join('\n'),
    );
    broker = await MosquittoBroker.start();
    port = await freePort();
    osRelease = path.join(work, 'os-release');
    await writeFile(osRelease, 'NAME="MAPIO OS"\nVERSION_ID=2.0.1\nPRETTY_NAME="MAPIO OS 2.0.1 (test)"\n');
    const recorder = await MqttRecorder.connect(broker.url, ['mapio/webserver-back/availability']);
    daemon = ChildDaemon.spawn(daemonMain('webserver-back'), [], {
      ...webserverDaemonEnv({ mqttUrl: broker.url, dataDir: path.join(work, 'data'), port }),
      ...rauc.env,
      MAPIO_AUTH: 'off',
      MAPIO_RAUC_CONF: rauc.systemConf,
      MAPIO_REBOOT_COMMAND: `touch ${path.join(work, 'rebooted')}`,
      MAPIO_REBOOT_DELAY_MS: '50',
      MAPIO_LOGS_COMMAND: `cat ${path.join(work, 'journal.txt')}`,
      MAPIO_OS_RELEASE: osRelease,
    });
    await recorder.waitFor('mapio/webserver-back/availability', (p, m) => p === 'online' && !m.retain, 20_000);
    await recorder.close();
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    await rauc?.destroy();
    await broker?.destroy();
    await rm(work, { recursive: true, force: true });
  });

  it('GET /version answers the PRETTY_NAME of the os-release file (MAPIO_OS_RELEASE), and /api/v1/system its version', async () => {
    const response = await fetch(`${base()}/version`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ os_version: parseOsRelease(await readFile(osRelease, 'utf8')).PRETTY_NAME });
    const system = (await (await fetch(`${base()}/api/v1/system`)).json()) as { os: { prettyName: string; version: string } };
    expect(system.os).toMatchObject({ prettyName: 'MAPIO OS 2.0.1 (test)', version: '2.0.1' });
  });

  it('GET /logs returns the journal lines with markup escaped', async () => {
    const response = await fetch(`${base()}/logs`);
    expect(await response.json()).toEqual([
      { data: 'Dec 01 10:00:00 mapio systemd[1]: Started docker.service.' },
      { data: '\u001b[31mERROR\u001b[0m name=&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;' },
    ]);
  });

  it('GET /api/v1/system shows the OS, the RAUC slots and the data partition', async () => {
    const info = (await (await fetch(`${base()}/api/v1/system`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      hostname: os.hostname(),
      rauc: {
        available: true,
        compatible: 'mapio-system-test',
        booted: 'A',
        primary: 'rootfs.1',
        slots: [
          { name: 'rootfs.0', bootname: 'A', state: 'booted' },
          { name: 'rootfs.1', bootname: 'B', state: 'inactive', version: '3.0.1' },
        ],
      },
      dataPartition: { path: path.join(work, 'data') },
    });
    expect((info.dataPartition as { totalBytes: number }).totalBytes).toBeGreaterThan(0);
    expect(info.uptimeSeconds).toEqual(expect.any(Number));
  });

  it('POST /api/v1/system/reboot answers 202, then runs the reboot command', async () => {
    const response = await fetch(`${base()}/api/v1/system/reboot`, { method: 'POST' });
    expect(response.status).toBe(202);
    await eventually(async () => (await stat(path.join(work, 'rebooted')).catch(() => null)) !== null, 20_000);
  });
});
