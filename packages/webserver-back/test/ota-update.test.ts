import { openAsBlob } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  bitFlippedCopy,
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
  truncatedCopy,
  type RaucSigner,
  webserverDaemonEnv,
} from '@mapio/testkit';

const COMPATIBLE = 'mapio-cm4-test';
const IMAGE_BYTES = 2 * 1024 * 1024;

interface OtaMessage {
  phase: string;
  progress: number;
  message: string;
  version?: string;
}

/** Reads a Server-Sent Events stream until its `end` event; returns every event's name and data. */
async function readEvents(url: string): Promise<Array<{ event: string; data: unknown }>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let split: number;
    while ((split = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (event) events.push({ event, data: JSON.parse(data) as unknown });
      if (event === 'end') return events;
    }
  }
  return events;
}

describeWithServices(['mosquitto', 'rauc', 'mksquashfs', 'dbus-daemon', 'unshare', 'openssl'], 'OS update through RAUC (real rauc service, private D-Bus)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let rauc: RaucSystem;
  let signer: RaucSigner;
  let work: string;
  let dataDir: string;
  let rebootMarker: string;
  let port: number;
  let daemon: ChildDaemon | null = null;
  const bundles: Record<'good' | 'verity' | 'otherCa' | 'incompatible' | 'truncated' | 'bitFlipped', string> = {
    good: '',
    verity: '',
    otherCa: '',
    incompatible: '',
    truncated: '',
    bitFlipped: '',
  };
  let goodImageSha = '';

  const base = () => `http://127.0.0.1:${port}`;
  const otaMessages = (since: number) =>
    recorder.on('mapio/webserver-back/ota').filter((m) => m.at >= since && !m.retain).map((m) => JSON.parse(m.payload) as OtaMessage);

  const startDaemon = async (extra: NodeJS.ProcessEnv = {}) => {
    const since = Date.now();
    daemon = ChildDaemon.spawn(daemonMain('webserver-back'), [], {
      ...webserverDaemonEnv({ mqttUrl: broker.url, dataDir, port }),
      ...rauc.env,
      MAPIO_AUTH: 'off',
      MAPIO_RAUC_CONF: rauc.systemConf,
      MAPIO_REBOOT_COMMAND: `touch ${rebootMarker}`,
      MAPIO_REBOOT_DELAY_MS: '50',
      MAPIO_OTA_RESERVE_BYTES: '0',
      ...extra,
    });
    await recorder.waitFor('mapio/webserver-back/availability', (p, m) => p === 'online' && !m.retain, 20_000, since);
  };

  const slotDigests = async () => ({ A: await rauc.slotDigest('A'), B: await rauc.slotDigest('B') });
  const otaDirEntries = async () => readdir(path.join(dataDir, 'ota'));
  const uploadRaw = async (file: string) =>
    fetch(`${base()}/api/v1/ota`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: await openAsBlob(file),
    });

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'mapio-ota-test-'));
    dataDir = path.join(work, 'data');
    rebootMarker = path.join(work, 'rebooted');
    signer = await createRaucSigner(path.join(work, 'ca'), 'MAPIO Device CA');
    const otherSigner = await createRaucSigner(path.join(work, 'other-ca'), 'Somebody Else CA');
    const good = await buildRaucBundle(signer, work, 'good', { compatible: COMPATIBLE, version: '2.1.0', imageBytes: IMAGE_BYTES });
    bundles.good = good.bundle;
    goodImageSha = good.imageSha256;
    bundles.verity = (await buildRaucBundle(signer, work, 'verity', { compatible: COMPATIBLE, version: '2.2.0', format: 'verity' })).bundle;
    bundles.otherCa = (await buildRaucBundle(otherSigner, work, 'other-ca', { compatible: COMPATIBLE, version: '2.1.0' })).bundle;
    bundles.incompatible = (await buildRaucBundle(signer, work, 'incompatible', { compatible: 'some-other-board', version: '2.1.0' })).bundle;
    const goodSize = (await stat(good.bundle)).size;
    bundles.truncated = await truncatedCopy(good.bundle, path.join(work, 'truncated.raucb'), Math.floor(goodSize / 2));
    bundles.bitFlipped = await bitFlippedCopy(good.bundle, path.join(work, 'bit-flipped.raucb'), Math.floor(IMAGE_BYTES / 3));
    broker = await MosquittoBroker.start();
    rauc = await RaucSystem.start({ compatible: COMPATIBLE, keyring: signer.caPem });
    port = await freePort();
  }, 120_000);

  beforeEach(async () => {
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
    await rm(rebootMarker, { force: true });
    await rauc.releaseInstalls();
  });

  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    await recorder.close();
  });

  afterAll(async () => {
    await rauc?.destroy();
    await broker?.destroy();
    await rm(work, { recursive: true, force: true });
  });

  it('installs a good bundle to the other slot with progress over HTTP, SSE and MQTT, then runs the reboot command', async () => {
    await startDaemon();
    const since = Date.now();
    const slotA = await rauc.slotDigest('A');
    const response = await uploadRaw(bundles.good);
    const accepted = (await response.json()) as { job: { id: string }; bundle: { version: string; format: string } };
    expect(response.status).toBe(202);
    expect(accepted.bundle).toMatchObject({ version: '2.1.0', format: 'plain' });

    const events = await readEvents(`${base()}/api/v1/jobs/${accepted.job.id}/events`);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { state: 'succeeded', progress: 100 } });
    const messages = (events.at(-1)?.data as { messages: string[] }).messages;
    expect(messages).toEqual(expect.arrayContaining(['uploading', expect.stringMatching(/^verified 2\.1\.0/), 'rebooting']));
    expect(messages.some((m) => /Copying image/.test(m))).toBe(true);

    await eventually(async () => (await stat(rebootMarker).catch(() => null)) !== null, 20_000);
    const phases = otaMessages(since).map((m) => m.phase);
    expect([...new Set(phases)]).toEqual(['uploading', 'verifying', 'installing', 'rebooting']);
    expect(otaMessages(since).find((m) => m.phase === 'installing' && m.progress > 0 && m.progress < 100)).toMatchObject({ version: '2.1.0' });
    const state = (await (await fetch(`${base()}/api/v1/ota`)).json()) as { phase: string; version: string; jobId: string };
    expect(state).toMatchObject({ phase: 'rebooting', version: '2.1.0', jobId: accepted.job.id });

    expect(await rauc.slotDigest('B', IMAGE_BYTES)).toBe(goodImageSha);
    expect(await rauc.slotDigest('A')).toBe(slotA);
    expect(await rauc.primary()).toBe('B');
    expect(await otaDirEntries()).toEqual([]);
  }, 120_000);

  it.each([
    ['signed by another CA', 'otherCa', 'wrong_signer'],
    ['made for another board', 'incompatible', 'incompatible'],
    ['truncated', 'truncated', 'truncated'],
    ['bit-flipped', 'bitFlipped', 'corrupt'],
  ] as const)('refuses a bundle %s before anything is installed, and says why', async (_label, which, reason) => {
    await startDaemon();
    const since = Date.now();
    const before = await slotDigests();
    const response = await uploadRaw(bundles[which]);
    const body = (await response.json()) as { error: { code: string; message: string; details: { reason: string } } };
    expect(response.status).toBe(400);
    expect(body.error).toMatchObject({ code: 'validation_failed', details: { reason } });
    expect(await slotDigests()).toEqual(before);
    expect(await otaDirEntries()).toEqual([]);
    const failed = await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'failed', 10_000, since);
    expect((JSON.parse(failed.payload) as OtaMessage).message).toBe(body.error.message);
    expect(otaMessages(since).map((m) => m.phase)).not.toContain('installing');
    const status = (await (await fetch(`${base()}/status`)).json()) as { status: string; updateStatus: string };
    expect(status).toEqual({ status: 'idle', updateStatus: `Update failed: ${body.error.message}` });
  }, 60_000);

  it('accepts a verity bundle saying its payload is checked while it installs', async () => {
    await startDaemon();
    const slotA = await rauc.slotDigest('A');
    const response = await uploadRaw(bundles.verity);
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { job: { id: string }; bundle: unknown };
    expect(accepted.bundle).toMatchObject({ version: '2.2.0', format: 'verity', payloadCheckedAtInstall: true });
    const events = await readEvents(`${base()}/api/v1/jobs/${accepted.job.id}/events`);
    const job = events.at(-1)?.data as { state: string; messages: string[] };
    expect(job.messages).toContain('verified 2.2.0 (verity bundle: the payload is checked while it installs)');
    // Without device-mapper (this machine's kernel) RAUC cannot open a verity bundle and the install
    // fails; with it, it installs. Either way the running slot A is never touched and nothing stays behind.
    const phase = ((await (await fetch(`${base()}/api/v1/ota`)).json()) as { phase: string }).phase;
    expect([job.state, phase]).toEqual(job.state === 'failed' ? ['failed', 'failed'] : ['succeeded', 'rebooting']);
    expect(await rauc.slotDigest('A')).toBe(slotA);
    expect(await otaDirEntries()).toEqual([]);
  }, 120_000);

  it('answers 409 to a second upload while an install runs', async () => {
    await startDaemon();
    await rauc.holdInstalls();
    const since = Date.now();
    const first = await uploadRaw(bundles.good);
    expect(first.status).toBe(202);
    await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'installing', 20_000, since);
    const second = await uploadRaw(bundles.good);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect(((await (await fetch(`${base()}/status`)).json()) as { status: string }).status).toBe('updating');
    await rauc.releaseInstalls();
    await eventually(async () => (await stat(rebootMarker).catch(() => null)) !== null, 30_000);
    expect(await otaDirEntries()).toEqual([]);
  }, 120_000);

  /** Uploads the good bundle and waits until RAUC runs it, held before it writes a slot. */
  const startHeldInstall = async (): Promise<number> => {
    await rauc.holdInstalls();
    const since = Date.now();
    const response = await uploadRaw(bundles.good);
    expect(response.status).toBe(202);
    await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'installing', 20_000, since);
    // The daemon says installing before it calls RAUC: wait until RAUC itself runs the install.
    await eventually(async () => (await rauc.operation()) === 'installing', 20_000);
    return since;
  };
  const failedOta = async (since: number) =>
    JSON.parse((await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'failed', 60_000, since)).payload) as OtaMessage;
  const installsAgain = async () => {
    const since = Date.now();
    const response = await uploadRaw(bundles.good);
    expect(response.status).toBe(202);
    await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'rebooting', 60_000, since);
    await eventually(async () => (await stat(rebootMarker).catch(() => null)) !== null, 30_000);
  };

  it('fails the install when RAUC\'s service dies mid-install, then accepts and completes a new one', async () => {
    await startDaemon();
    const since = await startHeldInstall();
    rauc.signalService('SIGKILL');
    try {
      const failed = await failedOta(since);
      expect(failed.message).toMatch(/RAUC's service left the D-Bus bus/);
      const state = (await (await fetch(`${base()}/api/v1/ota`)).json()) as { phase: string; reason: string };
      expect(state).toMatchObject({ phase: 'failed', reason: 'rauc_gone' });
      expect(await otaDirEntries()).toEqual([]);
    } finally {
      await rauc.releaseInstalls();
      await rauc.reboot('A');
    }
    await installsAgain();
  }, 180_000);

  it('fails the install after MAPIO_RAUC_STALL_TIMEOUT_MS without a word from a frozen RAUC, then accepts a new one', async () => {
    await startDaemon({ MAPIO_RAUC_STALL_TIMEOUT_MS: '2000' });
    const since = await startHeldInstall();
    rauc.signalService('SIGSTOP');
    try {
      const failed = await failedOta(since);
      expect(failed.message).toMatch(/RAUC reported no progress for 2 s \(MAPIO_RAUC_STALL_TIMEOUT_MS\)/);
      const state = (await (await fetch(`${base()}/api/v1/ota`)).json()) as { phase: string; reason: string };
      expect(state).toMatchObject({ phase: 'failed', reason: 'rauc_stalled' });
    } finally {
      rauc.signalService('SIGCONT');
    }
    // RAUC itself goes on with the install it had: a new one is accepted once it is done.
    await rauc.releaseInstalls();
    await eventually(async () => (await rauc.operation()) === 'idle', 60_000);
    await installsAgain();
  }, 180_000);

  it('leaves nothing behind and returns to idle when the client aborts the upload halfway', async () => {
    await startDaemon();
    const since = Date.now();
    const content = await readFile(bundles.good);
    const request = http.request(`${base()}/api/v1/ota`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(content.length) },
    });
    request.on('error', () => undefined);
    request.write(content.subarray(0, Math.floor(content.length / 2)));
    await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).progress > 0, 20_000, since);
    await eventually(async () => (await otaDirEntries()).length === 1, 10_000);
    request.destroy();
    await recorder.waitFor('mapio/webserver-back/ota', (p, m) => !m.retain && JSON.parse(p).phase === 'idle', 20_000, since);
    expect(await otaDirEntries()).toEqual([]);
    expect(((await (await fetch(`${base()}/api/v1/ota`)).json()) as { phase: string }).phase).toBe('idle');
  }, 60_000);

  it('accepts the legacy multipart upload exactly as a browser sends it, and /status says updating', async () => {
    await startDaemon();
    await rauc.holdInstalls();
    const form = new FormData();
    form.append('bundle', await openAsBlob(bundles.good, { type: 'application/octet-stream' }), 'mapio-os-2.1.0.raucb');
    const response = await fetch(`${base()}/update`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const status = (await (await fetch(`${base()}/status`)).json()) as { status: string; updateStatus: string };
    expect(status.status).toBe('updating');
    expect(status.updateStatus).toMatch(/^Installing 2\.1\.0/);
    await rauc.releaseInstalls();
    await eventually(async () => (await stat(rebootMarker).catch(() => null)) !== null, 30_000);
  }, 120_000);

  it('finds the boundary in the body when the old client sends "mulitpart/data" without one', async () => {
    await startDaemon();
    const boundary = '----WebKitFormBoundaryMapio0123456789';
    const content = await readFile(bundles.incompatible);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="bundle"; filename="b.raucb"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await fetch(`${base()}/update`, { method: 'POST', headers: { 'content-type': 'mulitpart/data' }, body });
    // The bundle arrived whole: it is refused for what it is, not as an unreadable body.
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('incompatible');
  }, 60_000);

  it('answers 413 beyond MAPIO_OTA_MAX_BYTES and keeps no file', async () => {
    await startDaemon({ MAPIO_OTA_MAX_BYTES: '100000' });
    const response = await uploadRaw(bundles.good);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(await otaDirEntries()).toEqual([]);

    // Without Content-Length (chunked) the cap is found while streaming: 413, connection closed, no file.
    const chunked = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = http.request(`${base()}/api/v1/ota`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } });
      request.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      request.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (!request.destroyed && request.write(chunk)) if (request.writableLength > 4 * 1024 * 1024) break;
      };
      request.on('drain', pump);
      pump();
    });
    expect(chunked).toEqual({ status: 413, connection: 'close' });
    await eventually(async () => (await otaDirEntries()).length === 0, 10_000);
  }, 60_000);
});
