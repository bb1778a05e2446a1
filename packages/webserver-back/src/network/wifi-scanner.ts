import { runCommand } from '../run-command';
import { parseIwScan, type WifiNetwork } from './iw-scan';

const CACHE_MS = 10_000;

/** Scans with `iw dev <if> scan`; answers from a 10 s cache; callers during a scan share it. */
export class WifiScanner {
  private cached: { at: number; networks: WifiNetwork[] } | null = null;
  private running: Promise<WifiNetwork[]> | null = null;

  constructor(
    private readonly iw: readonly string[],
    private readonly wifiInterface: string,
    private readonly now: () => number = Date.now,
  ) {}

  async networks(): Promise<WifiNetwork[]> {
    if (this.cached && this.now() - this.cached.at < CACHE_MS) return this.cached.networks;
    this.running ??= this.scan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async scan(): Promise<WifiNetwork[]> {
    const output = await runCommand(this.iw, ['dev', this.wifiInterface, 'scan'], { what: `the Wi-Fi scan on ${this.wifiInterface}` });
    const networks = parseIwScan(output);
    this.cached = { at: this.now(), networks };
    return networks;
  }
}
