import { spawn, type ChildProcess } from 'node:child_process';
import type { NetworkState } from '@mapio/contracts';
import { Disposer, errorMessage, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import { internetReachable, type InternetTarget } from './internet-check';
import { readIpState } from './ip-state';

export interface NetworkMonitorOptions {
  ip: readonly string[];
  targets: readonly InternetTarget[];
  timeoutMs: number;
  refreshMs: number;
  bus: MqttBus;
  logger: Logger;
}

/** Changes often come in bursts (an address, then its routes): one refresh after the burst. */
const SETTLE_MS = 300;
const RESTART_MONITOR_MS = 5000;

/**
 * Publishes `mapio/webserver-back/network` (IPv4 per interface, default-route interface, internet
 * reachability) on every address or route change the kernel reports (`ip monitor`, no polling) and
 * every `refreshMs` (internet can come and go without a local change). Listeners get each new state.
 */
export class NetworkMonitor implements Feature {
  readonly name = 'network-state';
  private readonly disposer = new Disposer();
  private readonly listeners = new Set<(state: NetworkState) => void>();
  private current: NetworkState | null = null;
  private settle: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: NetworkMonitorOptions) {}

  get state(): NetworkState | null {
    return this.current;
  }

  onChange(listener: (state: NetworkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.follow();
    this.disposer.interval(() => this.refresh(), this.options.refreshMs);
    this.disposer.add(() => {
      if (this.settle) clearTimeout(this.settle);
    });
    // Not awaited: the daemon is up without it; the state is published as soon as it is read.
    void this.refresh();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A refresh still waiting for its internet check (up to MAPIO_INTERNET_TIMEOUT_MS) publishes nothing once stopped.
    await this.disposer.dispose();
  }

  /** Reads and publishes now (a refresh already running is followed by one more). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.read()
      .catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'network state unreadable'))
      .finally(() => {
        this.refreshing = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.refreshing;
  }

  private async read(): Promise<void> {
    const [ip, internet] = await Promise.all([readIpState(this.options.ip), internetReachable(this.options.targets, this.options.timeoutMs)]);
    if (this.stopped) return;
    const next: NetworkState = { interfaces: ip.interfaces, defaultInterface: ip.defaultInterface, internet };
    if (this.current && JSON.stringify(this.current) === JSON.stringify(next)) return;
    this.current = next;
    this.options.bus.publish('mapio/webserver-back/network', { ...next, at: new Date().toISOString() });
    this.options.logger.info({ defaultInterface: next.defaultInterface, internet, interfaces: next.interfaces.length }, 'network state changed');
    for (const listener of this.listeners) listener(next);
  }

  /** `ip monitor address route` through spawn; restarted if it dies. */
  private follow(): void {
    const [program, ...base] = this.options.ip;
    let child: ChildProcess;
    try {
      child = spawn(program ?? 'ip', [...base, 'monitor', 'address', 'route'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      this.options.logger.warn({ err: errorMessage(error) }, 'ip monitor cannot start: network changes are seen at the next refresh only');
      return;
    }
    const remove = this.disposer.add(() => child.kill());
    child.stdout?.on('data', () => this.changed());
    child.stderr?.resume();
    child.once('error', (error) => this.options.logger.warn({ err: error.message }, 'ip monitor failed'));
    child.once('close', () => {
      remove();
      if (this.stopped) return;
      this.options.logger.warn('ip monitor ended: restarting it');
      this.disposer.timeout(() => {
        if (!this.stopped) this.follow();
      }, RESTART_MONITOR_MS);
    });
  }

  private changed(): void {
    if (this.settle) return;
    this.settle = setTimeout(() => {
      this.settle = null;
      void this.refresh();
    }, SETTLE_MS);
  }
}
