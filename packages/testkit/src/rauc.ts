import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess, startOrDestroy } from './service-process';
import { findExecutable, withSbinPath } from './services';

const run = promisify(execFile);

/** A test CA and a `development-1` signing certificate issued by it (what meta-rauc's openssl-ca.sh makes). */
export interface RaucSigner {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** Makes a CA and its signing certificate under `dir` (created); `name` tells two CAs apart in errors. */
export async function createRaucSigner(dir: string, name = 'MAPIO Test CA'): Promise<RaucSigner> {
  await mkdir(dir, { recursive: true });
  const file = (base: string) => path.join(dir, base);
  const subject = (cn: string) => `/O=MAPIO tests/CN=${cn}`;
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', subject(name), '-keyout', file('ca.key'), '-out', file('ca.pem')]);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject('development-1'), '-keyout', file('dev.key'), '-out', file('dev.csr')]);
  await writeFile(file('dev.ext'), 'basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n');
  await run('openssl', [
    'x509', '-req', '-days', '3650', '-in', file('dev.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-extfile', file('dev.ext'), '-out', file('dev.pem'),
  ]);
  return { caPem: file('ca.pem'), certPem: file('dev.pem'), keyPem: file('dev.key') };
}

export interface BundleSpec {
  compatible: string;
  version: string;
  /** Size of the random rootfs image inside (default 1 MiB). */
  imageBytes?: number;
  format?: 'plain' | 'verity';
}

/** Builds a signed bundle `<dir>/<name>.raucb` with a random rootfs image; returns its path and the image's SHA-256. */
export async function buildRaucBundle(
  signer: RaucSigner,
  dir: string,
  name: string,
  spec: BundleSpec,
): Promise<{ bundle: string; imageSha256: string }> {
  const content = path.join(dir, `${name}.content`);
  await rm(content, { recursive: true, force: true });
  await mkdir(content, { recursive: true });
  const image = path.join(content, 'rootfs.ext4');
  await writeRandomFile(image, spec.imageBytes ?? 1024 * 1024);
  await writeFile(
    path.join(content, 'manifest.raucm'),
    [
      '[update]', `compatible=${spec.compatible}`, `version=${spec.version}`, '',
      '[bundle]', `format=${spec.format ?? 'plain'}`, '',
      '[image.rootfs]', 'filename=rootfs.ext4', '',
    ].join('\n'),
  );
  const bundle = path.join(dir, `${name}.raucb`);
  await rm(bundle, { force: true });
  await run(raucBinary(), ['bundle', `--cert=${signer.certPem}`, `--key=${signer.keyPem}`, content, bundle], { env: withSbinPath() });
  const imageSha256 = await sha256OfFile(image);
  await rm(content, { recursive: true, force: true });
  return { bundle, imageSha256 };
}

/** A copy of `source` cut to `bytes` bytes (an interrupted download). */
export async function truncatedCopy(source: string, dest: string, bytes: number): Promise<string> {
  await copyFile(source, dest);
  await truncate(dest, bytes);
  return dest;
}

/** A copy of `source` with the bits of one byte at `offset` inverted (a damaged download). */
export async function bitFlippedCopy(source: string, dest: string, offset: number): Promise<string> {
  await copyFile(source, dest);
  const handle = await open(dest, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
  return dest;
}

export async function sha256OfFile(file: string, bytes?: number): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, bytes === undefined ? {} : { start: 0, end: bytes - 1 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const block = 1024 * 1024;
    for (let written = 0; written < bytes; written += block) {
      const size = Math.min(block, bytes - written);
      // Random data: a constant image would compress to nothing in the squashfs.
      await handle.write(randomBytes(size));
    }
  } finally {
    await handle.close();
  }
}

function raucBinary(): string {
  const binary = findExecutable('rauc');
  if (!binary) throw new Error('rauc is not installed (apt-get install rauc squashfs-tools)');
  return binary;
}

/** A private system bus: anyone may own, send and receive (without receive_sender, clients hang silently). */
const BUS_POLICY = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

/**
 * The bootloader RAUC talks to (`bootloader=custom`): the primary slot and each slot's state are
 * files next to the script, and every call is logged, so a test reads what an install or a
 * mark-good chose and what RAUC asked for.
 */
const BOOTLOADER_BACKEND = `#!/bin/sh
dir=$(dirname "$0")/boot
echo "$*" >> "$dir/calls.log"
case "$1" in
  get-primary) cat "$dir/primary" ;;
  set-primary) printf '%s\\n' "$2" > "$dir/primary" ;;
  get-state) cat "$dir/state.$2" 2>/dev/null || echo good ;;
  set-state) printf '%s\\n' "$3" > "$dir/state.$2" ;;
  *) exit 1 ;;
esac
`;

/**
 * Runs its arguments with every loop-partition mount of the machine unmounted, inside the private
 * mount namespace \`unshare -m\` gave it: rauc 1.8 fails every install while one is mounted
 * anywhere (docs/architecture.md), and the init suites mount some while these run.
 */
const PRIVATE_MOUNTS = `#!/bin/sh
awk '$1 ~ /^\\/dev\\/loop[0-9]+p[0-9]+$/ { print $2 }' /proc/self/mounts | while read -r mountpoint; do
  umount -l "$mountpoint" 2>/dev/null || true
done
exec "$@"
`;

/** RAUC's pre-install handler: waits while the test holds installs (to act in the middle of one). */
const PRE_INSTALL = `#!/bin/sh
while [ -e "$(dirname "$0")/hold-installs" ]; do sleep 0.05; done
`;

export interface RaucSystemOptions {
  compatible: string;
  /** The CA whose bundles this device accepts. */
  keyring: string;
  /** Size of each file-backed rootfs slot (default 8 MiB). */
  slotBytes?: number;
}

export type BootSlot = 'A' | 'B';

/**
 * A device as RAUC sees it, for one test suite: a private D-Bus system bus, a system.conf with two
 * file-backed rootfs slots (A = rootfs.0, B = rootfs.1), a custom bootloader backend script, and
 * `rauc service` booted from A in a private mount namespace. `reboot(slot)` restarts the service as
 * if that slot had booted. `env` is what a client needs (DBUS_SYSTEM_BUS_ADDRESS).
 */
export class RaucSystem {
  private readonly bus = new ServiceProcess();
  private readonly service = new ServiceProcess();
  private bootSlot: BootSlot = 'A';

  private constructor(
    readonly dir: string,
    private readonly options: RaucSystemOptions,
  ) {}

  static async start(options: RaucSystemOptions): Promise<RaucSystem> {
    // A short path: unix socket paths are limited to 108 bytes.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-rauc-'));
    return startOrDestroy(new RaucSystem(dir, options));
  }

  get systemConf(): string {
    return path.join(this.dir, 'system.conf');
  }

  get busAddress(): string {
    return `unix:path=${path.join(this.dir, 'bus.sock')}`;
  }

  get env(): NodeJS.ProcessEnv {
    return { DBUS_SYSTEM_BUS_ADDRESS: this.busAddress };
  }

  get logs(): string {
    return `--- dbus-daemon\n${this.bus.output}\n--- rauc service\n${this.service.output}`;
  }

  slotFile(slot: BootSlot): string {
    return path.join(this.dir, `slot-${slot}.img`);
  }

  /** SHA-256 of a slot's first `bytes` bytes (the size of the image written into it), or of all of it. */
  async slotDigest(slot: BootSlot, bytes?: number): Promise<string> {
    return sha256OfFile(this.slotFile(slot), bytes);
  }

  /** The slot the bootloader would boot next (`set-primary` by an install). */
  async primary(): Promise<BootSlot> {
    return (await readFile(path.join(this.dir, 'boot', 'primary'), 'utf8')).trim() as BootSlot;
  }

  /** A slot's state as the bootloader keeps it (`good` / `bad`): an install marks its target bad until mark-good. */
  async slotState(slot: BootSlot): Promise<string> {
    return (await readFile(path.join(this.dir, 'boot', `state.${slot}`), 'utf8')).trim();
  }

  /** Every call RAUC made to the bootloader backend, in order, one line each (`set-state B good`). */
  async bootloaderCalls(): Promise<string[]> {
    const log = await readFile(path.join(this.dir, 'boot', 'calls.log'), 'utf8').catch(() => '');
    return log.split('\n').filter(Boolean);
  }

  async start(): Promise<void> {
    await mkdir(path.join(this.dir, 'boot'), { recursive: true });
    await mkdir(path.join(this.dir, 'mnt'), { recursive: true });
    await mkdir(path.join(this.dir, 'data'), { recursive: true });
    await writeFile(path.join(this.dir, 'boot', 'primary'), 'A\n');
    for (const slot of ['A', 'B'] as const) await writeFile(path.join(this.dir, 'boot', `state.${slot}`), 'good\n');
    const slotBytes = this.options.slotBytes ?? 8 * 1024 * 1024;
    for (const slot of ['A', 'B'] as const) {
      await writeFile(this.slotFile(slot), '');
      await truncate(this.slotFile(slot), slotBytes);
    }
    const backend = path.join(this.dir, 'bootloader-backend');
    await writeFile(backend, BOOTLOADER_BACKEND);
    await chmod(backend, 0o755);
    await writeFile(path.join(this.dir, 'private-mounts'), PRIVATE_MOUNTS);
    const preInstall = path.join(this.dir, 'pre-install');
    await writeFile(preInstall, PRE_INSTALL);
    await chmod(preInstall, 0o755);
    await writeFile(
      this.systemConf,
      [
        '[system]',
        `compatible=${this.options.compatible}`,
        'bootloader=custom',
        `mountprefix=${path.join(this.dir, 'mnt')}`,
        `data-directory=${path.join(this.dir, 'data')}`,
        '',
        '[keyring]',
        `path=${this.options.keyring}`,
        '',
        '[handlers]',
        `bootloader-custom-backend=${backend}`,
        `pre-install=${preInstall}`,
        '',
        '[slot.rootfs.0]', `device=${this.slotFile('A')}`, 'type=raw', 'bootname=A', '',
        '[slot.rootfs.1]', `device=${this.slotFile('B')}`, 'type=raw', 'bootname=B', '',
      ].join('\n'),
    );
    const busConf = path.join(this.dir, 'bus.conf');
    await writeFile(busConf, BUS_POLICY(path.join(this.dir, 'bus.sock')));
    const dbusDaemon = findExecutable('dbus-daemon');
    if (!dbusDaemon) throw new Error('dbus-daemon is not installed (apt-get install dbus)');
    this.bus.start(dbusDaemon, ['--config-file', busConf, '--nofork', '--nopidfile']);
    await waitFor(() => existsSync(path.join(this.dir, 'bus.sock')), 10_000, () => `dbus-daemon did not listen\n${this.logs}`);
    await this.startService();
  }

  /** Installs from now on stop before writing a slot until `releaseInstalls()`. */
  async holdInstalls(): Promise<void> {
    await writeFile(path.join(this.dir, 'hold-installs'), '');
  }

  async releaseInstalls(): Promise<void> {
    await rm(path.join(this.dir, 'hold-installs'), { force: true });
  }

  /**
   * Signals \`rauc service\` itself (the private-mounts script and unshare exec into it): SIGKILL to
   * crash it mid-install, SIGSTOP/SIGCONT to freeze it. After a SIGKILL, \`reboot()\` starts it again.
   */
  signalService(signal: NodeJS.Signals): void {
    if (!this.service.signal(signal)) throw new Error(`rauc service is not running\n${this.logs}`);
  }

  /** The Installer's \`Operation\` property (\`idle\`, \`installing\`), asked over the bus with dbus-send. */
  async operation(): Promise<string> {
    const { stdout } = await run(
      'dbus-send',
      ['--system', '--print-reply', '--dest=de.pengutronix.rauc', '/', 'org.freedesktop.DBus.Properties.Get', 'string:de.pengutronix.rauc.Installer', 'string:Operation'],
      { env: { ...withSbinPath(), ...this.env }, timeout: 20_000 },
    );
    const operation = /string "([^"]*)"/.exec(stdout)?.[1];
    if (operation === undefined) throw new Error(`dbus-send printed no Operation: ${stdout}`);
    return operation;
  }

  /** Restarts the service as if the device had rebooted into `slot`. */
  async reboot(slot: BootSlot): Promise<void> {
    await this.service.stop(10_000);
    this.bootSlot = slot;
    await this.startService();
  }

  /** `rauc status` as JSON, asked over the bus like any client would. */
  async status(): Promise<unknown> {
    return JSON.parse(await this.client(['status', '--output-format=json'], 20_000)) as unknown;
  }

  /** Installs `bundle` through the service (into the slot not booted); resolves with rauc's output. */
  async install(bundle: string): Promise<string> {
    return this.client(['install', bundle], 120_000);
  }

  /** The rauc command line as a client of this system's service. */
  private async client(args: string[], timeoutMs: number): Promise<string> {
    const { stdout } = await run(raucBinary(), ['--conf', this.systemConf, ...args], {
      env: { ...withSbinPath(), ...this.env },
      timeout: timeoutMs,
    });
    return stdout;
  }

  async destroy(): Promise<void> {
    await this.service.stop(10_000);
    await this.bus.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startService(): Promise<void> {
    const unshare = findExecutable('unshare');
    if (!unshare) throw new Error('unshare is not installed (util-linux)');
    this.service.output = '';
    this.service.start(
      unshare,
      [
        '--mount', '--propagation', 'private', '--',
        '/bin/sh', path.join(this.dir, 'private-mounts'),
        raucBinary(), `--conf=${this.systemConf}`, `--mount=${path.join(this.dir, 'mnt')}`, 'service', `--override-boot-slot=${this.bootSlot}`,
      ],
      { ...withSbinPath(), ...this.env },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.status();
        return;
      } catch (error) {
        if (!this.service.running || Date.now() > deadline) {
          throw new Error(`rauc service did not answer: ${String(error)}\n${this.logs}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
