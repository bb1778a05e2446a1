import { execFile } from 'node:child_process';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import { parseIwScan, type WifiNetwork } from './iw-scan';

const CACHE_MS = 10_000;

/** Scans with `iw dev <if> scan` (execFile); answers from a 10 s cache; callers during a scan share it. */
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
    const [program, ...base] = this.iw;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(program ?? 'iw', [...base, 'dev', this.wifiInterface, 'scan'], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          reject(new DomainError('unavailable', `the Wi-Fi scan on ${this.wifiInterface} failed: ${stderr.trim() || errorMessage(error)}`, { dependency: 'iw' }));
          return;
        }
        resolve(stdout);
      });
    });
    const networks = parseIwScan(output);
    this.cached = { at: this.now(), networks };
    return networks;
  }
}
