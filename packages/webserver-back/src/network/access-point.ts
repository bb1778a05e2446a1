import { readFile } from 'node:fs/promises';
import type { NetworkState, WifiApState } from '@mapio/contracts';
import { Disposer, errorMessage, SerialQueue, writeFileAtomic, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import { newApPassword } from './ap-password';
import { hostapdConfig } from './hostapd-config';
import type { NetworkMonitor } from './network-monitor';
import type { SystemUnits } from './system-units';

export interface AccessPointOptions {
  unit: string;
  conf: string;
  ssid: string;
  address: string;
  wifiInterface: string;
  /** How long without network (or since a join began) before the AP starts. */
  graceMs: number;
  units: SystemUnits;
  network: NetworkMonitor;
  bus: MqttBus;
  logger: Logger;
}

/** A box "has network" with a default route or a reachable Internet. */
function connected(state: NetworkState | null): boolean {
  return state !== null && (state.defaultInterface !== null || state.internet);
}

/**
 * The setup access point: while the web server is enabled and the box has had no network for
 * `graceMs`, it runs with a fresh password (written into the AP config, published on
 * `mapio/webserver-back/wifi-ap` for the display); it stops once the box is connected again, when the
 * web server is switched off, and when the owner joins a Wi-Fi network.
 */
export class AccessPoint implements Feature {
  readonly name = 'access-point';
  private readonly disposer = new Disposer();
  private readonly queue = new SerialQueue();
  private active = false;
  private webServerEnabled = false;
  /** Since when the box is without network (or a join started), null while connected. */
  private offlineSince: number | null = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private current: WifiApState;

  constructor(private readonly options: AccessPointOptions) {
    this.current = { active: false, ssid: options.ssid, password: '', address: '' };
  }

  /** What `mapio/webserver-back/wifi-ap` last said (GET /api/v1/wifi/access-point). */
  get state(): WifiApState {
    return this.current;
  }

  start(): void {
    this.publish('');
    this.disposer.add(this.options.network.onChange(() => this.evaluate()));
    this.disposer.add(() => {
      if (this.timer) clearTimeout(this.timer);
    });
    this.evaluate();
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
    await this.queue.drained();
  }

  /** From the HTTP listener: the AP only runs while the web server does (it is how one reaches it). */
  webServerSwitched(enabled: boolean): void {
    this.webServerEnabled = enabled;
    this.evaluate();
  }

  /** Before joining a network: the AP goes down and waits a full grace period for the new connection. */
  async stopForJoin(): Promise<void> {
    this.offlineSince = Date.now();
    // Stopped even when this process did not start it (a previous run may have).
    await this.queue.run(() => this.turnOff('joining a Wi-Fi network', true));
    this.evaluate();
  }

  private evaluate(): void {
    const online = connected(this.options.network.state);
    if (online) this.offlineSince = null;
    else this.offlineSince ??= Date.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waited = this.offlineSince === null ? 0 : Date.now() - this.offlineSince;
    const want = this.webServerEnabled && !online && this.options.network.state !== null && waited >= this.options.graceMs;
    if (this.webServerEnabled && !online && !want && this.offlineSince !== null) {
      this.timer = setTimeout(() => this.evaluate(), Math.max(0, this.options.graceMs - waited) + 10);
    }
    if (want === this.active) return;
    void this.queue
      .run(() => (want ? this.turnOn() : this.turnOff(online ? 'connected' : 'web server disabled')))
      .catch((error: unknown) => this.options.logger.error({ err: errorMessage(error) }, 'access point switch failed'));
  }

  private async turnOn(): Promise<void> {
    if (this.active) return;
    const password = newApPassword();
    const existing = await readFile(this.options.conf, 'utf8').catch(() => '');
    await writeFileAtomic(
      this.options.conf,
      hostapdConfig(existing, { wifiInterface: this.options.wifiInterface, ssid: this.options.ssid, password }),
      0o600,
    );
    await this.options.units.run('start', this.options.unit);
    this.active = true;
    this.publish(password);
    this.options.logger.info({ ssid: this.options.ssid }, 'access point started (no network)');
  }

  private async turnOff(reason: string, always = false): Promise<void> {
    if (!this.active && !always) return;
    const wasActive = this.active;
    await this.options.units.run('stop', this.options.unit);
    this.active = false;
    if (!wasActive) return;
    this.publish('');
    this.options.logger.info({ reason }, 'access point stopped');
  }

  private publish(password: string): void {
    const state: WifiApState = this.active
      ? { active: true, ssid: this.options.ssid, password, address: this.options.address }
      : { active: false, ssid: this.options.ssid, password: '', address: '' };
    this.current = state;
    this.options.bus.publish('mapio/webserver-back/wifi-ap', state);
  }
}
