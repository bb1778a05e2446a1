import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithServices, repoRoot, withSbinPath } from '@mapio/testkit';
import { layerDir } from './support/repo';
import { bitbakeAssignments } from './support/bitbake-file';

const execFileAsync = promisify(execFile);
const run = (binary: string, args: string[]) => execFileAsync(binary, args, { env: withSbinPath(), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });

const bundleRecipe = bitbakeAssignments(readFileSync(path.join(layerDir, 'recipes-core', 'bundles', 'mapio-bundle.bb'), 'utf8'));
const systemConfFile = path.join(layerDir, 'recipes-core', 'rauc', 'files', 'system.conf');
const systemConf = readFileSync(systemConfFile, 'utf8');

interface RaucInfo {
  compatible: string;
  version: string;
  images: Array<Record<string, { filename: string }>>;
}

describeWithServices(['rauc', 'mksquashfs', 'mkfs.ext4', 'openssl'], "a bundle made with the layer's manifest settings, checked with its system.conf (real rauc)", () => {
  jest.setTimeout(180_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-rauc-bundle-'));
  const keys = path.join(scratch, 'keys');
  const otherKeys = path.join(scratch, 'other-keys');
  // rauc info reads the layer's system.conf; only the keyring moves to this test's throwaway CA.
  const conf = path.join(scratch, 'system.conf');

  /** A rootfs slot image as the bundle class packs it: ext4 with 1 MiB of random bytes, so the squashfs stays > 4096 bytes as verity needs. */
  const bundle = async (signing: string, name: string): Promise<string> => {
    const input = path.join(scratch, `${name}-input`);
    const rootfs = path.join(scratch, `${name}-rootfs`);
    mkdirSync(path.join(rootfs, 'usr', 'lib', 'mapio'), { recursive: true });
    writeFileSync(path.join(rootfs, 'usr', 'lib', 'mapio', 'payload.bin'), randomBytes(1024 * 1024));
    mkdirSync(input);
    const fstype = bundleRecipe.get('RAUC_SLOT_rootfs[fstype]');
    await run('mkfs.ext4', ['-q', '-F', '-d', rootfs, path.join(input, `rootfs.${fstype}`), '8M']);
    writeFileSync(
      path.join(input, 'manifest.raucm'),
      [
        '[update]',
        `compatible=${bundleRecipe.get('RAUC_BUNDLE_COMPATIBLE')}`,
        'version=0.0.0-test',
        `description=${bundleRecipe.get('RAUC_BUNDLE_DESCRIPTION')}`,
        '',
        '[bundle]',
        `format=${bundleRecipe.get('RAUC_BUNDLE_FORMAT')}`,
        '',
        `[image.${bundleRecipe.get('RAUC_BUNDLE_SLOTS')}]`,
        `filename=rootfs.${fstype}`,
        '',
      ].join('\n'),
    );
    const out = path.join(scratch, `${name}.raucb`);
    await run('rauc', ['bundle', `--cert=${path.join(signing, 'development-1.cert.pem')}`, `--key=${path.join(signing, 'development-1.key.pem')}`, input, out]);
    return out;
  };
  const info = (file: string, format = 'json') => run('rauc', ['info', `--conf=${conf}`, `--output-format=${format}`, file]);

  beforeAll(async () => {
    await run(path.join(repoRoot, 'scripts', 'rauc-dev-keys'), [keys]);
    await run(path.join(repoRoot, 'scripts', 'rauc-dev-keys'), [otherKeys]);
    writeFileSync(conf, systemConf.replace(/^path=.*$/m, `path=${path.join(keys, 'ca.cert.pem')}`));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the bundle recipe and system.conf agree on the compatible string, and the bundle is verity', () => {
    expect(systemConf).toMatch(new RegExp(`^compatible=${bundleRecipe.get('RAUC_BUNDLE_COMPATIBLE')}$`, 'm'));
    expect(bundleRecipe.get('RAUC_BUNDLE_FORMAT')).toBe('verity');
    expect(bundleRecipe.get('RAUC_SLOT_rootfs')).toBe('mapio-image');
    // A/B on the eMMC, switched by U-Boot (docs/hardware.md).
    expect(systemConf).toMatch(/^bootloader=uboot$/m);
    expect(systemConf).toMatch(/\[slot\.rootfs\.0\]\ndevice=\/dev\/mmcblk1p2\ntype=ext4\nbootname=A/);
    expect(systemConf).toMatch(/\[slot\.rootfs\.1\]\ndevice=\/dev\/mmcblk1p3\ntype=ext4\nbootname=B/);
  });

  it('rauc info accepts a bundle signed for this keyring and reads its manifest', async () => {
    const file = await bundle(keys, 'good');
    const parsed = JSON.parse((await info(file)).stdout) as RaucInfo;
    expect(parsed.compatible).toBe('mapio-cm4');
    // rauc 1.8's JSON leaves the bundle format out; its readable output has it.
    expect((await info(file, 'readable')).stdout).toMatch(/Bundle Format:\s+verity/);
    expect(parsed.images.map((image) => Object.values(image)[0]?.filename)).toEqual(['rootfs.ext4']);
  });

  it('rauc info refuses a bundle signed by another CA', async () => {
    await expect(info(await bundle(otherKeys, 'foreign'))).rejects.toMatchObject({ code: 1 });
  });

  it('system.conf accepts no plain bundle (the issue: verity only)', async () => {
    expect(systemConf).toMatch(/^bundle-formats=-plain$/m);
  });
});
