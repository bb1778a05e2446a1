import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildRaucBundle, createRaucSigner, describeWithServices, RaucSystem, type RaucSigner } from '../src';

const run = promisify(execFile);

describeWithServices(['rauc', 'mksquashfs', 'dbus-daemon', 'unshare', 'openssl'], 'RaucSystem (real rauc service on a private system bus)', () => {
  let dir: string;
  let signer: RaucSigner;
  let rauc: RaucSystem;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-rauc-harness-'));
    signer = await createRaucSigner(path.join(dir, 'ca'));
    rauc = await RaucSystem.start({ compatible: 'mapio-harness', keyring: signer.caPem });
  }, 60_000);

  afterAll(async () => {
    await rauc?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('installs a bundle into the other slot, makes it primary, and boots from it after a reboot', async () => {
    const { bundle, imageSha256 } = await buildRaucBundle(signer, dir, 'good', { compatible: 'mapio-harness', version: '2.0.0' });
    const slotABefore = await rauc.slotDigest('A');
    await run('rauc', ['--conf', rauc.systemConf, 'install', bundle], { env: { ...process.env, ...rauc.env }, timeout: 60_000 });
    expect(await rauc.slotDigest('B', 1024 * 1024)).toBe(imageSha256);
    expect(await rauc.slotDigest('A')).toBe(slotABefore);
    expect(await rauc.primary()).toBe('B');
    await rauc.reboot('B');
    expect(await rauc.status()).toMatchObject({ booted: 'B', compatible: 'mapio-harness' });
  }, 120_000);
});
