import { readFile, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ChildDaemon, daemonMain, describeWithServices, freePort, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DiskLock } from '../src/grow/disk-lock';
import { parseMountInfo } from '../src/grow/mount-table';
import { LoopDisk, MIB } from './support/loop-disk';
import { onlineResizeAllowed } from './support/online-resize';

jest.setTimeout(180_000);

// The eMMC layout of docs/hardware.md, scaled down: boot (FAT), rootfs A, rootfs B, ext4 data, free space after it.
const EMMC_LIKE = ['label: dos', 'unit: sectors', '2048,16384,c,*', '18432,32768,83', '51200,32768,83', '83968,65536,83', ''].join('\n');
const DISK_SIZE = 160 * MIB;

async function grow(args: string[], env: NodeJS.ProcessEnv = {}) {
  // No broker in most of these tests: a closed port, and init does not wait for it.
  const port = await freePort();
  const child = ChildDaemon.spawn(daemonMain('init'), ['grow', ...args], {
    MAPIO_LOG_FORMAT: 'json',
    MAPIO_MQTT_URL: `mqtt://127.0.0.1:${port}`,
    MAPIO_INIT_MQTT_WAIT_MS: '0',
    ...env,
  });
  const { code } = await child.exited;
  const line = child.stdout.split('\n').find((l) => /^(CHANGED|NOCHANGE|WOULD CHANGE|REFUSED|FAILED)/.test(l)) ?? '';
  return { code, line, child };
}

async function mountOf(mountPoint: string) {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8')).find((m) => m.mountPoint === mountPoint);
}

async function writeFiles(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'docker-compose.custom.yml'), 'services: {}\n');
  await writeFile(path.join(dir, 'big.bin'), Buffer.alloc(3 * MIB, 7));
}

async function expectFilesIntact(dir: string): Promise<void> {
  expect(await readFile(path.join(dir, 'docker-compose.custom.yml'), 'utf8')).toBe('services: {}\n');
  expect((await readFile(path.join(dir, 'big.bin'))).equals(Buffer.alloc(3 * MIB, 7))).toBe(true);
}

/** The filesystem fills its partition up to its last whole block. */
async function expectFilesystemFills(disk: LoopDisk, number: number): Promise<void> {
  const fs = await disk.ext4Size(number);
  const partition = await disk.kernelSize(number);
  expect(fs).toBeLessThanOrEqual(partition);
  expect(fs).toBeGreaterThan(partition - 4096);
}

const fsBytes = async (dir: string) => {
  const s = await statfs(dir);
  return s.blocks * s.bsize;
};

describeWithServices(['losetup', 'sfdisk', 'partx', 'resize2fs', 'e2fsck', 'blkid', 'flock'], 'mapio-init grow on real loop devices', () => {
  let disk: LoopDisk | undefined;
  afterEach(async () => {
    await disk?.destroy();
    disk = undefined;
  });

  describe('an eMMC-like MBR disk with its data partition mounted (found from MAPIO_DATA_DIR)', () => {
    it('--dry-run prints the plan and changes nothing', async () => {
      disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
      await disk.mkfsExt4(4);
      const data = await disk.mount(4);
      const before = await disk.dump();
      const { code, line } = await grow(['--dry-run'], { MAPIO_DATA_DIR: data });
      expect(code).toBe(0);
      expect(line).toBe(`WOULD CHANGE (dry run): ${disk.partition(4)} ${32 * MIB} -> ${(await disk.diskSectors()) * 512 - 83968 * 512}`);
      expect(await disk.dump()).toBe(before);
      expect(await disk.kernelSize(4)).toBe(32 * MIB);
    });

    it('grows partition and filesystem online, or (where online resize is refused) fails with exit 2 and restores the table', async () => {
      disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
      await disk.mkfsExt4(4);
      const data = await disk.mount(4);
      await writeFiles(data);
      const tableBefore = await disk.dump();
      const mountBefore = await mountOf(data);
      const fsBefore = await fsBytes(data);
      const { code, line, child } = await grow([], { MAPIO_DATA_DIR: data });

      if (await onlineResizeAllowed()) {
        expect({ code, line }).toEqual({ code: 0, line: `CHANGED: ${disk.partition(4)} ${32 * MIB} -> ${(await disk.diskSectors()) * 512 - 83968 * 512}` });
        const p4 = (await disk.tableJson()).partitions[3];
        expect((p4?.start ?? 0) + (p4?.size ?? 0)).toBe(await disk.diskSectors());
        expect(await fsBytes(data)).toBeGreaterThan(fsBefore + 32 * MIB);
        // Same mount (same id): it never went away.
        expect(await mountOf(data)).toEqual(mountBefore);
        await expectFilesIntact(data);
        const again = await grow([], { MAPIO_DATA_DIR: data });
        expect(again.code).toBe(0);
        expect(again.line).toMatch(/^NOCHANGE: .* already fills its disk/);
      } else {
        expect(code).toBe(2);
        expect(line).toMatch(new RegExp(`^FAILED: ${disk.partition(4)}: online resize .* needs CAP_SYS_RESOURCE.*\\(partition table restored\\)$`));
        expect(await disk.dump()).toBe(tableBefore);
        expect(await disk.kernelSize(4)).toBe(32 * MIB);
        expect(await fsBytes(data)).toBe(fsBefore);
        expect(await mountOf(data)).toEqual(mountBefore);
        await expectFilesIntact(data);
        expect(child.logLines().find((l) => l.msg === 'growing failed: restoring the partition table')).toMatchObject({ level: 50 });
      }
    });

    it('restores the table and exits 2 when the filesystem step fails (data mounted read-only)', async () => {
      disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
      await disk.mkfsExt4(4);
      const data = await disk.mount(4, ['ro']);
      const tableBefore = await disk.dump();
      const { code, line } = await grow([], { MAPIO_DATA_DIR: data });
      expect(code).toBe(2);
      expect(line).toMatch(/^FAILED: .*resize2fs.*\(partition table restored\)$|^FAILED: .*online resize.*\(partition table restored\)$/);
      expect(await disk.dump()).toBe(tableBefore);
      expect(await disk.kernelSize(4)).toBe(32 * MIB);
    });
  });

  describe('an unmounted data partition (--device)', () => {
    it('grows partition and filesystem to the disk end, keeps the files and the other partitions; a second run changes nothing', async () => {
      disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
      await disk.mkfsExt4(4);
      const data = await disk.mount(4);
      await writeFiles(data);
      await disk.unmount(data);
      const others = (await disk.tableJson()).partitions.slice(0, 3);

      const { code, line } = await grow(['--device', disk.partition(4)]);
      const newSize = (await disk.diskSectors()) * 512 - 83968 * 512;
      expect({ code, line }).toEqual({ code: 0, line: `CHANGED: ${disk.partition(4)} ${32 * MIB} -> ${newSize}` });
      const table = await disk.tableJson();
      expect(table.partitions.slice(0, 3)).toEqual(others);
      expect((table.partitions[3]?.start ?? 0) + (table.partitions[3]?.size ?? 0)).toBe(await disk.diskSectors());
      expect(await disk.kernelSize(4)).toBe(newSize);
      await expectFilesystemFills(disk, 4);
      await expectFilesIntact(await disk.mount(4));

      const again = await grow(['--device', disk.partition(4)]);
      expect(again.code).toBe(0);
      expect(again.line).toMatch(/^NOCHANGE: .* already fills its disk/);
    });

    it('refuses a partition without ext4 (exit 1), table unchanged', async () => {
      disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
      const before = await disk.dump();
      const { code, line } = await grow(['--device', disk.partition(4)]);
      expect({ code, line }).toEqual({ code: 1, line: `REFUSED: ${disk.partition(4)} holds no known filesystem, not ext4` });
      expect(await disk.dump()).toBe(before);
    });
  });

  it('holds an exclusive lock on the whole disk (as udev and sfdisk expect) until unlocked', async () => {
    disk = await LoopDisk.create(32 * MIB, ['label: dos', ',16M,83', ''].join('\n'));
    const tryLock = () => promisify(execFile)('flock', ['--nonblock', '--exclusive', disk?.device ?? '', 'true']).then(() => 'free', () => 'held');
    const lock = await DiskLock.acquire(disk.device);
    expect(await tryLock()).toBe('held');
    await lock.unlock();
    expect(await tryLock()).toBe('free');
  });

  describe('GPT disks', () => {
    it('refuses a data partition that is not the last one (exit 1), table unchanged', async () => {
      disk = await LoopDisk.create(96 * MIB, ['label: gpt', ',8M', ',16M,L', ',16M,L', ''].join('\n'));
      await disk.mkfsExt4(2);
      const before = await disk.dump();
      const { code, line } = await grow(['--device', disk.partition(2)]);
      expect({ code, line }).toEqual({ code: 1, line: `REFUSED: ${disk.partition(2)} is not the last partition (partition 3 follows it)` });
      expect(await disk.dump()).toBe(before);
    });

    it('says NOCHANGE with less than 16 MiB free after the last partition', async () => {
      disk = await LoopDisk.create(32 * MIB, ['label: gpt', ',8M', ',40M,L', ''].join('\n'));
      await disk.mkfsExt4(2);
      const before = await disk.dump();
      const { code, line } = await grow(['--device', disk.partition(2)]);
      expect(code).toBe(0);
      expect(line).toMatch(new RegExp(`^NOCHANGE: ${disk.partition(2)} already fills its disk \\(\\d+ bytes free after it`));
      expect(await disk.dump()).toBe(before);
    });

    it('moves the backup header of a disk that grew to its end, then grows the last partition', async () => {
      disk = await LoopDisk.create(48 * MIB, ['label: gpt', ',8M', ',24M,L', ''].join('\n'));
      await disk.mkfsExt4(2);
      await disk.grow(128 * MIB);
      const { code, line } = await grow(['--device', disk.partition(2)]);
      expect(code).toBe(0);
      expect(line).toMatch(new RegExp(`^CHANGED: ${disk.partition(2)} ${24 * MIB} -> \\d+$`));
      const table = await disk.tableJson();
      const sectors = await disk.diskSectors();
      expect(table.lastlba).toBe(sectors - 34);
      const p2 = table.partitions[1];
      expect((p2?.start ?? 0) + (p2?.size ?? 0) - 1).toBe(sectors - 34);
      await expectFilesystemFills(disk, 2);
    });
  });
});

describeWithServices(['losetup', 'sfdisk', 'partx', 'resize2fs', 'mosquitto'], 'mapio-init grow reports on mapio/init/state', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let disk: LoopDisk | undefined;
  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/init/state']);
  });
  afterAll(async () => {
    await disk?.destroy();
    await recorder.close();
    await broker.destroy();
  });

  it('growing, then done with the device and its sizes', async () => {
    disk = await LoopDisk.create(DISK_SIZE, EMMC_LIKE);
    await disk.mkfsExt4(4);
    const since = Date.now();
    const { code } = await grow(['--device', disk.partition(4)], { MAPIO_MQTT_URL: broker.url, MAPIO_INIT_MQTT_WAIT_MS: '30000' });
    expect(code).toBe(0);
    const growing = await recorder.waitFor('mapio/init/state', (p) => p.includes('"growing"'), 10_000, since);
    expect(JSON.parse(growing.payload)).toMatchObject({ phase: 'growing', device: disk.partition(4) });
    const done = await recorder.waitFor('mapio/init/state', (p) => p.includes('"done"'), 10_000, since);
    expect(JSON.parse(done.payload)).toMatchObject({
      phase: 'done',
      message: expect.stringMatching(/^CHANGED: /),
      device: disk.partition(4),
      sizes: { before: 32 * MIB, after: (await disk.diskSectors()) * 512 - 83968 * 512 },
    });
  });
});
