import { deviceNumberOf } from '../src/grow/block-device';
import { MIN_GROWTH_BYTES, planGrowth } from '../src/grow/growth-plan';
import { mountContaining, parseMountInfo } from '../src/grow/mount-table';
import { parseSfdiskJson, type PartitionTable } from '../src/grow/partition-table';
import { parseRaucStatus } from '../src/health/rauc-cli';

const MIB = 1024 * 1024;
const emmc = (lastSize: number): PartitionTable => ({
  label: 'dos',
  sectorSize: 512,
  partitions: [
    { number: 1, start: 2048, size: 131072, type: 'c' },
    { number: 2, start: 133120, size: 1433600, type: '83' },
    { number: 3, start: 1566720, size: 1433600, type: '83' },
    { number: 4, start: 3000320, size: lastSize, type: '83' },
  ],
});
const target = { device: '/dev/mmcblk1p4', number: 4, diskSizeBytes: 32 * 1024 * MIB, fsType: 'ext4' };

describe('planGrowth', () => {
  it('grows the last MBR partition to the last sector of the disk', () => {
    const diskSectors = (32 * 1024 * MIB) / 512;
    expect(planGrowth(emmc(4194304), target)).toEqual({
      kind: 'grow',
      before: 4194304 * 512,
      after: (diskSectors - 3000320) * 512,
      relocateGptBackup: false,
    });
  });

  it('says NOCHANGE at 16 MiB or less of free space, and never plans a shrink', () => {
    const diskSectors = (32 * 1024 * MIB) / 512;
    const fill = diskSectors - 3000320;
    expect(planGrowth(emmc(fill - MIN_GROWTH_BYTES / 512), target)).toMatchObject({ kind: 'nochange' });
    expect(planGrowth(emmc(fill - MIN_GROWTH_BYTES / 512 - 1), target)).toMatchObject({ kind: 'grow' });
    expect(planGrowth(emmc(fill + 100), target)).toMatchObject({ kind: 'nochange', reason: expect.stringContaining('0 bytes free') });
  });

  it('refuses another filesystem, a logical partition and a partition that is not last', () => {
    expect(planGrowth(emmc(4194304), { ...target, fsType: 'btrfs' })).toEqual({ kind: 'refused', reason: '/dev/mmcblk1p4 holds btrfs, not ext4' });
    expect(planGrowth({ ...emmc(4194304), partitions: [...emmc(4194304).partitions, { number: 5, start: 1, size: 1, type: '83' }] }, { ...target, number: 5 })).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('logical partition'),
    });
    expect(planGrowth(emmc(4194304), { ...target, number: 3 })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('not the last partition') });
  });

  it('on GPT keeps the 33 backup sectors and moves a backup header left behind by a bigger disk', () => {
    const table: PartitionTable = { label: 'gpt', sectorSize: 512, lastUsableSector: 98270, partitions: [{ number: 1, start: 2048, size: 40960, type: 'L' }] };
    expect(planGrowth(table, { device: '/dev/sda1', number: 1, diskSizeBytes: 128 * MIB, fsType: 'ext4' })).toEqual({
      kind: 'grow',
      before: 40960 * 512,
      after: (262144 - 34 - 2048 + 1) * 512,
      relocateGptBackup: true,
    });
  });
});

describe('what grow reads from the system', () => {
  it('mountinfo: escaped paths, device numbers, the mount a directory is on', () => {
    const mounts = parseMountInfo(
      [
        '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
        '42 27 179:4 / /usr/local rw,relatime shared:1 - ext4 /dev/mmcblk1p4 rw',
        '43 42 0:40 / /usr/local/my\\040dir ro,relatime - tmpfs tmpfs rw',
      ].join('\n'),
    );
    expect(mounts[2]).toEqual({ id: 43, deviceNumber: '0:40', mountPoint: '/usr/local/my dir', fsType: 'tmpfs', source: 'tmpfs', readOnly: true });
    expect(mountContaining(mounts, '/usr/local')?.source).toBe('/dev/mmcblk1p4');
    expect(mountContaining(mounts, '/usr/local/homeassistant')?.source).toBe('/dev/mmcblk1p4');
    expect(mountContaining(mounts, '/usr/localx')?.source).toBe('/dev/vda');
  });

  it('dev_t numbers as the kernel encodes them', () => {
    expect(deviceNumberOf(65024)).toBe('254:0');
    expect(deviceNumberOf((259 << 8) | 3)).toBe('259:3');
    // a minor above 255 lives in the high bits
    expect(deviceNumberOf((259 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12))).toBe('259:300');
  });

  it('sfdisk --json: partition numbers from the node names; anything else is a parse error', () => {
    const table = parseSfdiskJson(
      '{"partitiontable":{"label":"gpt","unit":"sectors","lastlba":131038,"sectorsize":512,"partitions":[{"node":"/dev/mmcblk1p12","start":2048,"size":16384,"type":"L"}]}}',
    );
    expect(table).toEqual({ label: 'gpt', sectorSize: 512, lastUsableSector: 131038, partitions: [{ number: 12, start: 2048, size: 16384, type: 'L' }] });
    expect(() => parseSfdiskJson('{"partitiontable":{"label":"sun","unit":"sectors"}}')).toThrow();
  });

  it('rauc status: booted slot, primary and the bundle version of the booted slot', () => {
    const status = parseRaucStatus(
      '{"compatible":"mapio","variant":"","booted":"B","boot_primary":"rootfs.1","slots":[{"rootfs.1":{"class":"rootfs","device":"/dev/mmcblk1p3","type":"ext4","bootname":"B","state":"booted","parent":null,"mountpoint":"/","boot_status":"bad","slot_status":{"bundle":{"compatible":"mapio","version":"1.4.0"},"status":"ok"}}},{"rootfs.0":{"class":"rootfs","device":"/dev/mmcblk1p2","type":"ext4","bootname":"A","state":"inactive","parent":null,"mountpoint":null,"boot_status":"good","slot_status":{"bundle":{"compatible":null}}}}]}',
    );
    expect(status).toEqual({ booted: 'B', primary: 'rootfs.1', bootedVersion: '1.4.0', bootedStatus: 'bad' });
  });
});
