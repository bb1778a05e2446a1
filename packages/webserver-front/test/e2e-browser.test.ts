import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeWithServices, eventually, pushBusyboxImage } from '@mapio/testkit';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, Screens, UiStack } from './support/ui-stack';

const SERVICES = ['chromium', 'dockerd', 'docker', 'docker-registry', 'docker-compose', 'busybox', 'mosquitto', 'rauc', 'dbus-daemon', 'ssh-keygen'];
const WAIT = { timeout: 60_000 };

// The owner's walk through the web UI in a real browser, against the real daemon, Engine, registry and
// compose CLI. Each step checks its effect on the real thing, and is screenshot on a phone and a laptop.
describeWithServices(SERVICES, 'the web UI in a real browser (chromium, webserver-back, dockerd, registry, compose)', () => {
  let stack: UiStack;
  let browser: Browser;
  let screens: Screens;

  beforeAll(async () => {
    stack = await UiStack.start(
      (registry) => ({
        services: {
          web: { image: `${registry}/demo/web:latest`, network_mode: 'none' },
          app: { image: `${registry}/demo/app:latest`, network_mode: 'none' },
          talker: {
            image: `${registry}/demo/web:latest`,
            network_mode: 'none',
            // $$: compose's escape for a literal $.
            command: ['sh', '-c', 'i=0; while true; do i=$$((i+1)); echo "tick $$i"; echo "warning $$i" >&2; sleep 1; done'],
          },
          webshop: { image: `${registry}/demo/web:latest`, ports: ['18080:80'] },
        },
      }),
      ['demo/web:latest', 'demo/app:latest'],
    );
    browser = await launchChromium();
    screens = await Screens.open(browser);
    // Every later test starts paired; the first one pairs a browser of its own.
    const pairing = await stack.pairing();
    for (const page of screens.pages.values()) {
      await page.goto(pairing.url);
      await page.getByRole('heading', { name: 'Services' }).waitFor(WAIT);
    }
  }, 180_000);

  afterAll(async () => {
    await screens?.close();
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  const containerState = async (service: string): Promise<string | null> => {
    const out = await stack.engine.docker(['ps', '-a', '--filter', `label=com.docker.compose.service=${service}`, '--format', '{{.State}}']);
    return out.trim().split('\n').filter(Boolean)[0] ?? null;
  };
  const imageOf = async (service: string): Promise<string> => {
    const id = (await stack.engine.docker(['ps', '--filter', `label=com.docker.compose.service=${service}`, '--format', '{{.ID}}'])).trim();
    return (await stack.engine.docker(['inspect', '--format', '{{.Image}}', id])).trim();
  };
  const row = (page: Page, service: string) => page.locator(`tr[data-service="${service}"]`);

  it('an unpaired visitor is told how to pair, and the short code from the screen opens the app', async () => {
    const visitor = await Screens.open(browser);
    try {
      for (const page of visitor.pages.values()) {
        await page.goto(stack.baseUrl);
        await page.getByRole('heading', { name: 'Pair this browser with your MAPIO' }).waitFor(WAIT);
      }
      await visitor.shoot('01-pairing');
      const { code } = await stack.pairing();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      for (const page of visitor.pages.values()) {
        await page.getByLabel('Code').fill(code!.toLowerCase().replace('-', ''));
        await page.getByRole('button', { name: 'Pair' }).click();
        await page.getByRole('heading', { name: 'Services' }).waitFor(WAIT);
      }
    } finally {
      await visitor.close();
    }
  }, 120_000);

  it('a session that ends while the app is open leads to its own pairing form, which takes the code', async () => {
    const visitor = await Screens.open(browser);
    try {
      const page = visitor.desktop;
      await page.goto((await stack.pairing()).url);
      await page.getByRole('heading', { name: 'Services' }).waitFor(WAIT);
      await page.context().clearCookies();
      await page.getByRole('link', { name: 'Ports' }).click();
      await page.getByRole('heading', { name: 'Pair this browser with your MAPIO box' }).waitFor(WAIT);
      await page.getByLabel('Pairing code').fill('WRONG-CODE');
      await page.getByRole('button', { name: 'Pair' }).click();
      await page.getByText('this code is wrong or expired').waitFor(WAIT);
      await page.getByLabel('Pairing code').fill((await stack.pairing()).code!);
      await page.getByRole('button', { name: 'Pair' }).click();
      await page.getByRole('heading', { name: 'Ports' }).waitFor(WAIT);
    } finally {
      await visitor.close();
    }
  }, 120_000);

  it('starts a stopped service and shows it running', async () => {
    const page = screens.desktop;
    await row(page, 'web').getByRole('button', { name: 'Start web', exact: true }).click();
    await row(page, 'web').locator('.state.running').waitFor(WAIT);
    expect(await containerState('web')).toBe('running');
    await screens.phone.reload();
    await row(screens.phone, 'web').locator('.state.running').waitFor(WAIT);
    await screens.shoot('02-services');
  }, 120_000);

  it('updates a service whose image changed in the registry and shows the progress', async () => {
    const page = screens.desktop;
    await row(page, 'app').getByRole('button', { name: 'Start app', exact: true }).click();
    await row(page, 'app').locator('.state.running').waitFor(WAIT);
    const before = await imageOf('app');
    const ref = `${stack.registry.address}/demo/app:latest`;
    const v2 = await pushBusyboxImage(stack.engine, ref, { marker: 'demo/app v2' });
    // As on a box where v2 was pushed elsewhere: locally the tag still names v1, v2 is only in the registry.
    await stack.engine.docker(['tag', before, ref]);
    await stack.engine.docker(['rmi', '--force', v2.imageId]);
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await row(page, 'app').locator('.update.available').waitFor(WAIT);
    await row(page, 'app').getByRole('button', { name: 'Update app', exact: true }).click();
    const progress = page.getByRole('region', { name: 'Progress of update app' });
    await progress.waitFor(WAIT);
    await screens.shoot('03-update-progress');
    await progress.locator('.badge.succeeded').waitFor(WAIT);
    await eventually(async () => (await containerState('app')) === 'running', 60_000, 'app running again');
    const runningImage = await imageOf('app');
    expect(runningImage).toBe(v2.imageId);
    expect(runningImage).not.toBe(before);
    const state = await stack.mqtt.waitFor('mapio/webserver-back/docker', (p) => /"name":"app","state":"running"/.test(p), 30_000);
    expect(state).toBeDefined();
  }, 180_000);

  it('follows the logs of a service, stdout and stderr told apart', async () => {
    const page = screens.desktop;
    await row(page, 'talker').getByRole('button', { name: 'Start talker', exact: true }).click();
    await row(page, 'talker').locator('.state.running').waitFor(WAIT);
    await row(page, 'talker').getByRole('button', { name: 'Logs of talker', exact: true }).click();
    const logs = page.getByRole('region', { name: 'Logs of talker' });
    await logs.locator('.log-line.stdout', { hasText: 'tick' }).first().waitFor(WAIT);
    await logs.locator('.log-line.stderr', { hasText: 'warning' }).first().waitFor(WAIT);
    const first = await logs.locator('.log-line').count();
    await eventually(async () => (await logs.locator('.log-line').count()) > first, 30_000, 'new lines while following');
    await screens.shoot('04-logs', ['desktop']);
    await logs.getByRole('button', { name: 'Close' }).click();
  }, 120_000);

  it('refuses a host port another service holds, as the owner types', async () => {
    for (const page of screens.pages.values()) {
      await page.goto(`${stack.baseUrl}/#/create`);
      await page.getByLabel('Name').fill('notes');
      await page.getByLabel('Image').fill(`${stack.registry.address}/demo/web:latest`);
      await page.getByRole('button', { name: 'Add a port' }).click();
      await page.getByLabel('Host port').fill('18080');
      await page.getByLabel('Container port').fill('80');
      await page.getByText('port 18080/tcp is used by service webshop (when it runs)').waitFor(WAIT);
      expect(await page.getByRole('button', { name: 'Create and start' }).isDisabled()).toBe(true);
    }
    await screens.shoot('05-port-conflict');
  }, 120_000);

  it('creates a custom service, then deletes it', async () => {
    const page = screens.desktop;
    await page.goto(`${stack.baseUrl}/#/create`);
    await page.reload();
    await page.getByLabel('Name').fill('notes');
    await page.getByLabel('Image').fill(`${stack.registry.address}/demo/web:latest`);
    await page.getByLabel(/Host network/).check();
    await page.getByLabel('Command (optional)').fill('sleep 3600');
    await page.getByRole('button', { name: 'Create and start' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor(WAIT);
    await row(page, 'notes').locator('.state.running').waitFor(WAIT);
    const custom = await readFile(path.join(stack.dataDir, 'mapio', 'docker-compose.custom.yml'), 'utf8');
    expect(custom).toContain('notes:');
    expect(await containerState('notes')).toBe('running');
    await screens.phone.goto(`${stack.baseUrl}/#/services`);
    await row(screens.phone, 'notes').waitFor(WAIT);
    await screens.shoot('06-custom-service');

    page.once('dialog', (dialog) => void dialog.accept());
    await row(page, 'notes').getByRole('button', { name: 'Delete notes', exact: true }).click();
    await row(page, 'notes').waitFor({ state: 'detached', timeout: 60_000 });
    await eventually(async () => (await containerState('notes')) === null, 60_000, 'notes container removed');
    expect(await readFile(path.join(stack.dataDir, 'mapio', 'docker-compose.custom.yml'), 'utf8')).not.toContain('notes:');
  }, 180_000);

  it('shows who holds which port, conflicts highlighted', async () => {
    for (const page of screens.pages.values()) {
      await page.goto(`${stack.baseUrl}/#/ports`);
      await page.getByRole('cell', { name: 'service webshop (when it runs)' }).waitFor(WAIT);
    }
    await screens.shoot('07-ports');
  }, 120_000);

  it('refuses a bundle signed by somebody else, with its reason, and installs a good one to 100 %', async () => {
    const page = screens.desktop;
    const slotA = await stack.rauc.slotDigest('A');
    await page.goto(`${stack.baseUrl}/#/os-update`);
    await page.getByRole('heading', { name: 'OS update' }).waitFor(WAIT);
    await page.getByLabel('Bundle file').setInputFiles(stack.bundles.otherCa);
    await page.getByRole('button', { name: 'Upload and install' }).click();
    await page.getByText(/^Refused: .*(signer|signature|trust|CA)/i).waitFor(WAIT);
    await screens.shoot('08-os-update-refused', ['desktop']);
    expect(await stack.rauc.slotDigest('A')).toBe(slotA);

    await page.getByLabel('Bundle file').setInputFiles(stack.bundles.good);
    await page.getByRole('button', { name: 'Upload and install' }).click();
    await page.getByRole('heading', { name: /^Restarting into the new system/ }).waitFor(WAIT);
    await page.getByText('100 %').first().waitFor(WAIT);
    await screens.shoot('09-os-update-installed', ['desktop']);
    // The real effect: the image is in slot B, the running slot A untouched, B boots next.
    expect(await stack.rauc.slotDigest('B', 4 * 1024 * 1024)).toBe(stack.bundles.goodImageSha256);
    expect(await stack.rauc.slotDigest('A')).toBe(slotA);
    expect(await stack.rauc.primary()).toBe('B');
  }, 180_000);

  it('adds an SSH key made by ssh-keygen, refuses a broken one, and deletes the key', async () => {
    const page = screens.desktop;
    const keyFile = path.join(stack.dataDir, 'owner-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'owner@laptop', '-f', keyFile]);
    const publicKey = (await readFile(`${keyFile}.pub`, 'utf8')).trim();
    await page.goto(`${stack.baseUrl}/#/ssh`);
    await page.getByRole('heading', { name: 'SSH keys' }).waitFor(WAIT);
    await page.getByLabel(/Public key/).fill('ssh-ed25519 AAAAnot-base64 broken');
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.locator('#ssh-problem').filter({ hasText: /\S/ }).waitFor(WAIT);
    await page.getByLabel(/Public key/).fill(publicKey);
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('rowheader', { name: 'owner@laptop' }).waitFor(WAIT);
    await screens.shoot('10-ssh-keys', ['desktop']);
    const authorized = path.join(stack.dataDir, 'ssh', 'authorized_keys');
    expect(await readFile(authorized, 'utf8')).toContain(publicKey.split(' ')[1]);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove key owner@laptop' }).click();
    await page.getByText('No key yet.').waitFor(WAIT);
    expect(await readFile(authorized, 'utf8')).not.toContain(publicKey.split(' ')[1]);
  }, 120_000);

  it('shows the access point as the daemon publishes it for the screen', async () => {
    const published = JSON.parse((await stack.mqtt.waitFor('mapio/webserver-back/wifi-ap', () => true, 30_000)).payload) as {
      active: boolean;
      ssid: string;
      password: string;
      address: string;
    };
    const page = screens.desktop;
    await page.goto(`${stack.baseUrl}/#/wifi`);
    await page.getByRole('heading', { name: 'Wi-Fi' }).waitFor(WAIT);
    const section = page.getByRole('region', { name: 'Access point' });
    await section.locator('[data-field="ap-ssid"]', { hasText: published.ssid }).waitFor(WAIT);
    expect(await section.locator('[data-field="ap-state"]').textContent()).toBe(published.active ? 'on (no network)' : 'off');
    if (published.active) expect(await section.locator('[data-field="ap-password"]').textContent()).toBe(published.password);
    else expect(await section.locator('[data-field="ap-password"]').count()).toBe(0);
    await screens.shoot('11-wifi', ['desktop']);
  }, 120_000);
});
