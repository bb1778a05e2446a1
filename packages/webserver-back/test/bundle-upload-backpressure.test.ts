import { execFile } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { receiveBundle } from '../src/ota/bundle-upload';

const run = promisify(execFile);
const MIB = 1024 * 1024;
const CHUNK = 64 * 1024;

/**
 * An upload as fast as the client can send: a chunk each time the receiver asks for one. It records
 * how far it ran ahead of what the disk took (`consumed`, set by the test): without backpressure it
 * would produce everything at once and all of it would queue in the daemon's memory.
 */
class FastClient extends Readable {
  produced = 0;
  consumed = 0;
  maxAhead = 0;

  constructor(private readonly total: number) {
    super({ highWaterMark: CHUNK });
  }

  override _read(): void {
    if (this.produced >= this.total) {
      this.push(null);
      return;
    }
    this.produced += CHUNK;
    this.maxAhead = Math.max(this.maxAhead, this.produced - this.consumed);
    this.push(Buffer.alloc(CHUNK, this.produced & 0xff));
  }
}

describe('OS update upload: a slow disk makes the upload slow, not the daemon big', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-upload-bp-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the bytes queued between the socket and a FIFO the test drains slowly bounded', async () => {
    const total = 64 * MIB;
    const fifo = path.join(dir, 'slow-disk');
    await run('mkfifo', [fifo]);
    const client = new FastClient(total);
    const received = receiveBundle({ stream: client, contentType: 'application/octet-stream', length: total }, fifo, {
      maxBytes: total,
      onBytes: () => undefined,
    });
    // The "disk": takes 64 KiB, then lets the event loop run (the upload side gets every chance to
    // race ahead) before it takes the next.
    const disk = await open(fifo, 'r');
    const buffer = Buffer.alloc(CHUNK);
    try {
      for (;;) {
        const { bytesRead } = await disk.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        client.consumed += bytesRead;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await disk.close();
    }
    expect(await received).toBe(total);
    expect(client.consumed).toBe(total);
    // The write stream's 1 MiB buffer, the pipe's 64 KiB, the streams' own high-water marks: a few
    // MiB at most, against the 64 MiB that would queue if backpressure were lost anywhere.
    expect(client.maxAhead).toBeLessThanOrEqual(4 * MIB);
  }, 120_000);
});
