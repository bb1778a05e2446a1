import type { ChildProcess } from 'node:child_process';
import { constants, mkdtempSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './log-capture';
import { findExecutable } from './services';
import { spawnTracked } from './spawned-processes';
import { WAIT_CEILING_MS } from './wait-ceiling';

/**
 * Two linked pseudo-terminals from socat, standing in for a serial line: the code under test opens
 * `device`, the test writes into `peer` what the other side of the cable would send.
 */
export class PtyPair {
  private constructor(
    private readonly socat: ChildProcess,
    readonly device: string,
    readonly peer: string,
  ) {}

  /** `at`: fixed paths, e.g. to bring a "replugged" port back under the same name. */
  static async open(at?: { device: string; peer: string }): Promise<PtyPair> {
    const dir = at ? null : mkdtempSync(path.join(os.tmpdir(), 'mapio-pty-'));
    const device = at?.device ?? path.join(dir ?? '', 'ttyDevice');
    const peer = at?.peer ?? path.join(dir ?? '', 'ttyPeer');
    const socat = spawnTracked(findExecutable('socat') ?? 'socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`], {
      stdio: 'ignore',
    });
    await eventually(
      async () => {
        try {
          await (await open(peer, constants.O_RDONLY | constants.O_NONBLOCK)).close();
          await (await open(device, constants.O_RDONLY | constants.O_NONBLOCK)).close();
          return true;
        } catch {
          return false;
        }
      },
      WAIT_CEILING_MS,
      'socat ptys',
    );
    return new PtyPair(socat, device, peer);
  }

  /** Writes bytes into the peer end: they come out of `device`. */
  async send(...chunks: Uint8Array[]): Promise<void> {
    const handle = await open(this.peer, constants.O_WRONLY | constants.O_NOCTTY);
    try {
      for (const chunk of chunks) await handle.write(chunk);
    } finally {
      await handle.close();
    }
  }

  close(): void {
    this.socat.kill();
  }
}
