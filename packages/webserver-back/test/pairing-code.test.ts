import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pairing } from '@mapio/contracts';
import { ChildDaemon, daemonMain, describeWithServices, freePort, MosquittoBroker, MqttRecorder, webserverDaemonEnv } from '@mapio/testkit';
import { normalizePairingCode, PairingCodeAttempts } from '../src/pairing/pairing-code';
import { PairingToken, PAIRING_TOKEN_LIFETIME_MS } from '../src/pairing/pairing-token';

describe('the short pairing code', () => {
  it('is typed in any case, with or without the dash, and expires with the token', () => {
    let now = 0;
    const token = new PairingToken(undefined, () => now);
    const { code } = token.rotate();
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}$/);
    expect(token.verifyCode(code.toLowerCase().replace('-', ''))).toBe(true);
    expect(token.verifyCode(` ${code.slice(0, 4)} ${code.slice(5)} `)).toBe(true);
    now += PAIRING_TOKEN_LIFETIME_MS;
    expect(token.verifyCode(code)).toBe(false);
  });

  it('is replaced with the token', () => {
    const token = new PairingToken();
    const first = token.rotate();
    const second = token.rotate();
    expect(token.verifyCode(first.code)).toBe(first.code === second.code);
    expect(token.verifyCode(second.code)).toBe(true);
  });

  it('refuses look-alike characters and wrong lengths', () => {
    expect(normalizePairingCode('O0I1-LLLL')).toBeNull();
    expect(normalizePairingCode('ACDE-FGH')).toBeNull();
    expect(normalizePairingCode('acde fghj')).toBe('ACDE-FGHJ');
  });

  it('allows 5 wrong attempts a minute, then none until the oldest is a minute old', () => {
    let now = 0;
    const attempts = new PairingCodeAttempts(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(attempts.retryAfterMs()).toBe(0);
      attempts.recordFailure();
      now += 1000;
    }
    expect(attempts.retryAfterMs()).toBe(55_000);
    now = 60_000;
    expect(attempts.retryAfterMs()).toBe(0);
  });
});

describeWithServices(['mosquitto'], 'pairing from the browser: the pairing page and the short code', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let dataDir: string;
  let port: number;
  let daemon: ChildDaemon | null = null;
  const base = () => `http://127.0.0.1:${port}`;

  const start = async (): Promise<Pairing> => {
    const since = Date.now();
    daemon = ChildDaemon.spawn(daemonMain('webserver-back'), [], {
      ...webserverDaemonEnv({ mqttUrl: broker.url, dataDir, port }),
      MAPIO_LOG_LEVEL: 'info',
    });
    const message = await recorder.waitFor('mapio/webserver-back/pairing', (_p, m) => !m.retain, 20_000, since);
    return Pairing.parse(JSON.parse(message.payload));
  };

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-pairing-'));
    mkdirSync(path.join(dataDir, 'www', 'assets'), { recursive: true });
    writeFileSync(path.join(dataDir, 'www', 'index.html'), '<!doctype html><title>MAPIO</title>');
    writeFileSync(path.join(dataDir, 'www', 'assets', 'app.js'), 'console.log("app")');
    port = await freePort();
  });
  beforeEach(async () => {
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon = null;
    await recorder.close();
  });
  afterAll(async () => {
    await broker.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows an unpaired browser how to pair instead of the app, and still serves the app files', async () => {
    await start();
    const page = await fetch(`${base()}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('WEB SERVER');
    expect(html).toContain('<form method="get" action="/pair">');
    expect(html).not.toContain('<title>MAPIO</title>');
    const script = await fetch(`${base()}/assets/app.js`);
    expect(script.status).toBe(200);
    expect((await fetch(`${base()}/version`)).status).toBe(401);
  });

  it('publishes a short code with the token; typed on the page, it pairs the browser', async () => {
    const { code } = await start();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const typed = (code ?? '').toLowerCase().replace('-', '');
    const paired = await fetch(`${base()}/pair?code=${typed}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(paired.status).toBe(302);
    const cookie = (paired.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const app = await fetch(`${base()}/`, { headers: { accept: 'text/html', cookie } });
    expect(await app.text()).toContain('<title>MAPIO</title>');
  });

  it('refuses wrong codes, and after 5 of them refuses even the right one for a while', async () => {
    const { code } = await start();
    const wrong = code === 'AAAA-AAAA' ? 'CCCC-CCCC' : 'AAAA-AAAA';
    const first = await fetch(`${base()}/pair?code=${wrong}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(first.status).toBe(401);
    expect(await first.text()).toContain('this code is wrong or expired');
    for (let i = 0; i < 4; i++) expect((await fetch(`${base()}/pair?code=${wrong}`, { redirect: 'manual' })).status).toBe(401);
    const limited = await fetch(`${base()}/pair?code=${code}`, { redirect: 'manual' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    // The QR code's long token is never limited.
    const { token } = Pairing.parse(JSON.parse(recorder.last('mapio/webserver-back/pairing')?.payload ?? '{}'));
    expect((await fetch(`${base()}/pair?token=${token}`, { redirect: 'manual' })).status).toBe(302);
  });

  it('logs answered requests (the old front end polls of /status among them) at debug, refused ones at warn', async () => {
    const { token } = await start();
    const authorization = `Bearer ${token}`;
    await fetch(`${base()}/status`, { headers: { authorization } });
    // A refused request is logged: once it is, the answered poll before it would have been too.
    await fetch(`${base()}/api/v1/no-such-route`, { headers: { authorization } });
    const running = daemon as ChildDaemon;
    await running.waitForLog((line) => (line.req as { path?: string } | undefined)?.path === '/api/v1/no-such-route', 10_000);
    const paths = running.logLines().map((line) => (line.req as { path?: string } | undefined)?.path);
    expect(paths).not.toContain('/status');
  });
});
