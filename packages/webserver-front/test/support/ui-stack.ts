import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildRaucBundle,
  ChildDaemon,
  createRaucSigner,
  daemonMain,
  freePort,
  isolatedWebserverEnv,
  LocalRegistry,
  MosquittoBroker,
  MqttRecorder,
  PrivateDockerd,
  pushBusyboxImage,
  RaucSystem,
} from '@mapio/testkit';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { stringify } from 'yaml';

export const FRONT_DIST = path.resolve(__dirname, '../../dist');
/** Where each step's screenshots go (looked at by a person; the README's pictures are picked from them). */
export const SCREENSHOTS = process.env.MAPIO_SCREENSHOTS_DIR ?? path.resolve(__dirname, '../../../../.screens/web');
const CHROMIUM = '/usr/bin/chromium';
const COMPATIBLE = 'mapio-cm4';

/** The viewports every step is looked at in: a phone and a laptop. */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/**
 * The real system behind the web UI: mosquitto, a private dockerd with a local registry and a compose
 * project, and the real mapio-webserver-back (its dist/main.js) serving the built UI, with pairing on.
 */
export class UiStack {
  private constructor(
    readonly broker: MosquittoBroker,
    readonly mqtt: MqttRecorder,
    readonly engine: PrivateDockerd,
    readonly registry: LocalRegistry,
    readonly daemon: ChildDaemon,
    readonly dataDir: string,
    readonly baseUrl: string,
    readonly rauc: RaucSystem,
    /** Bundles built for this box: `good` (signed for it), `otherCa` (signed by somebody else). */
    readonly bundles: { good: string; goodImageSha256: string; otherCa: string },
  ) {}

  static async start(compose: (registry: string) => Record<string, unknown>, images: string[]): Promise<UiStack> {
    const [broker, engine, registry] = await Promise.all([MosquittoBroker.start(), PrivateDockerd.start(), LocalRegistry.start()]);
    for (const image of images) await pushBusyboxImage(engine, `${registry.address}/${image}`, { marker: `${image} v1` });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mapio-ui-'));
    const composeFile = path.join(dataDir, 'os', 'docker-compose.yml');
    await mkdir(path.dirname(composeFile), { recursive: true });
    await writeFile(composeFile, stringify(compose(registry.address)));
    // The box as RAUC sees it: two file-backed slots on a private bus; bundles made for it and not.
    const signer = await createRaucSigner(path.join(dataDir, 'ca'), 'MAPIO Device CA');
    const stranger = await createRaucSigner(path.join(dataDir, 'other-ca'), 'Somebody Else CA');
    const rauc = await RaucSystem.start({ compatible: COMPATIBLE, keyring: signer.caPem, slotBytes: 16 * 1024 * 1024 });
    const good = await buildRaucBundle(signer, dataDir, 'mapio-os-2.1.0', { compatible: COMPATIBLE, version: '2.1.0', imageBytes: 4 * 1024 * 1024 });
    const otherCa = await buildRaucBundle(stranger, dataDir, 'stranger-2.1.0', { compatible: COMPATIBLE, version: '2.1.0' });
    const port = await freePort();
    const mqtt = await MqttRecorder.connect(broker.url, ['mapio/#']);
    const daemon = ChildDaemon.spawn(daemonMain('webserver-back'), [], {
      ...isolatedWebserverEnv(dataDir),
      MAPIO_MQTT_URL: broker.url,
      MAPIO_HARDWARE: 'sim',
      MAPIO_DATA_DIR: dataDir,
      MAPIO_HTTP_PORT: String(port),
      MAPIO_HTTP_HOST: '127.0.0.1',
      MAPIO_WEB_ROOT: FRONT_DIST,
      MAPIO_COMPOSE_FILE: composeFile,
      DOCKER_HOST: engine.host,
      MAPIO_LOG_FORMAT: 'json',
      MAPIO_RAUC_CONF: rauc.systemConf,
      ...rauc.env,
    });
    const bundles = { good: good.bundle, goodImageSha256: good.imageSha256, otherCa: otherCa.bundle };
    const stack = new UiStack(broker, mqtt, engine, registry, daemon, dataDir, `http://127.0.0.1:${port}`, rauc, bundles);
    await mqtt.waitFor('mapio/webserver-back/availability', (p) => p === 'online', 60_000);
    return stack;
  }

  /** The pairing message the screen shows (URL with token, short code). */
  async pairing(): Promise<{ url: string; token: string; code?: string }> {
    const message = await this.mqtt.waitFor('mapio/webserver-back/pairing', () => true, 30_000);
    return JSON.parse(message.payload) as { url: string; token: string; code?: string };
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
    await this.mqtt.close();
    await Promise.all([this.engine.destroy(), this.registry.destroy(), this.broker.destroy(), this.rauc.destroy()]);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Debian's chromium, headless, with nothing that reaches outside this machine. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** One browser context per viewport; each step's screenshots land in SCREENSHOTS. */
export class Screens {
  readonly pages = new Map<string, Page>();
  private readonly contexts: BrowserContext[] = [];

  static async open(browser: Browser): Promise<Screens> {
    const screens = new Screens();
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, colorScheme: 'light' });
      screens.contexts.push(context);
      screens.pages.set(viewport.name, await context.newPage());
    }
    return screens;
  }

  get phone(): Page {
    return this.pages.get('phone') as Page;
  }

  get desktop(): Page {
    return this.pages.get('desktop') as Page;
  }

  async shoot(step: string, only: string[] = [...this.pages.keys()]): Promise<void> {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const name of only) {
      const page = this.pages.get(name);
      if (!page) continue;
      // A page in the background stops polling (as a phone in a pocket does): bring it to the front
      // and let it ask once, so the picture shows the state of now.
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/'), { timeout: 10_000 }).catch(() => undefined);
      await page.bringToFront();
      await answered;
      await page.screenshot({ path: path.join(SCREENSHOTS, `${step}-${name}.png`), fullPage: true });
    }
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
  }
}
