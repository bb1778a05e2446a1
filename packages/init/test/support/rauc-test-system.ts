import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess } from '@mapio/testkit';

const run = promisify(execFile);

export const COMPATIBLE = 'mapio-test';
export const BUNDLE_VERSION = '1.4.0';

/**
 * A real RAUC A/B system in a temp dir (docs/architecture.md): a private system bus, a test CA and a
 * signed plain bundle, two file-backed ext4 slots, a custom bootloader backend that keeps the
 * primary slot and each slot's state in files (and logs every call), and `rauc service` run in a
 * private mount namespace. `reboot(slot)` restarts the service as if the board had booted that slot.
 */
export class RaucTestSystem {
  private readonly dbus = new ServiceProcess();
  private readonly service = new ServiceProcess();

  private constructor(readonly dir: string) {}

  static async create(): Promise<RaucTestSystem> {
    // Short: the bus socket path must fit in 108 bytes.
    const system = new RaucTestSystem(await mkdtemp(path.join(os.tmpdir(), 'mapio-rauc-')));
    try {
      await system.prepare();
      await system.startBus();
    } catch (error) {
      await system.destroy();
      throw error;
    }
    return system;
  }

  get systemConf(): string {
    return path.join(this.dir, 'system.conf');
  }

  get bundle(): string {
    return path.join(this.dir, 'update.raucb');
  }

  /** What a rauc client (and mapio-init) needs to reach this system's service. */
  get env(): NodeJS.ProcessEnv {
    return { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${path.join(this.dir, 'bus.sock')}` };
  }

  /** Starts `rauc service` as if the bootloader had started slot `bootname`. */
  async boot(bootname: 'A' | 'B'): Promise<void> {
    await this.service.stop();
    this.service.start(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        process.execPath,
        path.join(__dirname, 'rauc-private-namespace.js'),
        'rauc',
        `--conf=${this.systemConf}`,
        `--mount=${path.join(this.dir, 'mnt')}`,
        'service',
        `--override-boot-slot=${bootname}`,
      ],
      { ...process.env, ...this.env },
    );
    // The service is up once it answers on the bus (generous: the machine may be loaded).
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await this.rauc(['status', '--output-format=json']);
        return;
      } catch (error) {
        if (Date.now() > deadline || !this.service.running) {
          throw new Error(`rauc service did not answer: ${String(error)}\n${this.service.output}`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async reboot(bootname: 'A' | 'B'): Promise<void> {
    await this.boot(bootname);
  }

  async install(): Promise<string> {
    return this.rauc(['install', this.bundle]);
  }

  async rauc(args: string[]): Promise<string> {
    const { stdout } = await run('rauc', args, { env: { ...process.env, ...this.env }, timeout: 60_000 });
    return stdout;
  }

  /** The bootloader's view: the slot it starts next, and a slot's state (good / bad). */
  async primary(): Promise<string> {
    return (await readFile(path.join(this.dir, 'boot', 'primary'), 'utf8')).trim();
  }

  async slotState(bootname: 'A' | 'B'): Promise<string> {
    return (await readFile(path.join(this.dir, 'boot', `state.${bootname}`), 'utf8')).trim();
  }

  /** Every call RAUC made to the bootloader backend, one line each (`set-state B good`). */
  async bootloaderCalls(): Promise<string[]> {
    return (await readFile(path.join(this.dir, 'boot', 'calls.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  }

  async destroy(): Promise<void> {
    await this.service.stop();
    await this.dbus.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async prepare(): Promise<void> {
    const d = (...parts: string[]) => path.join(this.dir, ...parts);
    await Promise.all(['bundle', 'mnt', 'data', 'boot'].map((sub) => mkdir(d(sub))));
    const openssl = (args: string[]) => run('openssl', args, { cwd: this.dir });
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=mapio-test-ca', '-days', '3650']);
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'dev.key', '-out', 'dev.csr', '-subj', '/CN=development-1']);
    await openssl(['x509', '-req', '-in', 'dev.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'dev.pem', '-days', '3650']);

    await writeFile(d('bundle', 'rootfs.ext4'), '');
    await truncate(d('bundle', 'rootfs.ext4'), 4 * 1024 * 1024);
    await run('mkfs.ext4', ['-q', '-F', d('bundle', 'rootfs.ext4')]);
    await writeFile(
      d('bundle', 'manifest.raucm'),
      `[update]\ncompatible=${COMPATIBLE}\nversion=${BUNDLE_VERSION}\n\n[bundle]\nformat=plain\n\n[image.rootfs]\nfilename=rootfs.ext4\n`,
    );
    await run('rauc', ['bundle', '--cert', d('dev.pem'), '--key', d('dev.key'), '--keyring', d('ca.pem'), d('bundle'), this.bundle]);

    for (const slot of ['slotA.img', 'slotB.img']) {
      await writeFile(d(slot), '');
      await truncate(d(slot), 8 * 1024 * 1024);
    }
    await writeFile(d('boot', 'primary'), 'A\n');
    await writeFile(d('boot', 'state.A'), 'good\n');
    await writeFile(d('boot', 'state.B'), 'good\n');
    // RAUC's custom bootloader interface: get-primary, set-primary <slot>, get-state <slot>, set-state <slot> good|bad.
    const backend = d('backend.sh');
    await writeFile(
      backend,
      [
        '#!/bin/sh',
        `boot='${d('boot')}'`,
        'echo "$*" >> "$boot/calls.log"',
        'case "$1" in',
        '  get-primary) cat "$boot/primary" ;;',
        '  set-primary) echo "$2" > "$boot/primary" ;;',
        '  get-state) cat "$boot/state.$2" ;;',
        '  set-state) echo "$3" > "$boot/state.$2" ;;',
        '  *) exit 1 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    await chmod(backend, 0o755);
    await writeFile(
      this.systemConf,
      [
        '[system]',
        `compatible=${COMPATIBLE}`,
        'bootloader=custom',
        `mountprefix=${d('mnt')}`,
        `data-directory=${d('data')}`,
        '',
        '[keyring]',
        `path=${d('ca.pem')}`,
        '',
        '[handlers]',
        `bootloader-custom-backend=${backend}`,
        '',
        '[slot.rootfs.0]',
        `device=${d('slotA.img')}`,
        'type=ext4',
        'bootname=A',
        '',
        '[slot.rootfs.1]',
        `device=${d('slotB.img')}`,
        'type=ext4',
        'bootname=B',
        '',
      ].join('\n'),
    );
    // Without receive_sender, clients hang silently (docs/architecture.md).
    await writeFile(
      d('bus.conf'),
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${d('bus.sock')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
</busconfig>
`,
    );
  }

  private async startBus(): Promise<void> {
    this.dbus.start('dbus-daemon', [`--config-file=${path.join(this.dir, 'bus.conf')}`, '--nofork', '--nopidfile', '--print-address']);
    const deadline = Date.now() + 30_000;
    while (!this.dbus.output.includes('unix:path=')) {
      if (Date.now() > deadline || !this.dbus.running) throw new Error(`dbus-daemon did not start: ${this.dbus.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

