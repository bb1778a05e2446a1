export interface LogFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

const HEADER = 8;

/**
 * Splits the Engine's multiplexed log stream (containers without a TTY): frames of an 8-byte header
 * — stream type (1 stdout, 2 stderr), 3 zero bytes, big-endian length — then the payload. Frames may
 * be cut anywhere across chunks. Containers with a TTY send raw output instead (`raw: true`).
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly raw: boolean) {}

  push(chunk: Buffer): LogFrame[] {
    if (this.raw) return chunk.length > 0 ? [{ stream: 'stdout', data: chunk }] : [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: LogFrame[] = [];
    while (this.pending.length >= HEADER) {
      const type = this.pending[0];
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + length) break;
      const data = this.pending.subarray(HEADER, HEADER + length);
      this.pending = this.pending.subarray(HEADER + length);
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', data });
    }
    return frames;
  }
}

/**
 * Cuts frames into complete lines per stream (a line may span frames), for line-per-event output.
 */
export class LineSplitter {
  private readonly partial = { stdout: '', stderr: '' };

  push(frame: LogFrame): Array<{ stream: LogFrame['stream']; line: string }> {
    const text = this.partial[frame.stream] + frame.data.toString('utf8');
    const parts = text.split('\n');
    this.partial[frame.stream] = parts.pop() ?? '';
    return parts.map((line) => ({ stream: frame.stream, line: line.replace(/\r$/, '') }));
  }

  flush(): Array<{ stream: LogFrame['stream']; line: string }> {
    const rest = (['stdout', 'stderr'] as const)
      .filter((stream) => this.partial[stream] !== '')
      .map((stream) => ({ stream, line: this.partial[stream] }));
    this.partial.stdout = this.partial.stderr = '';
    return rest;
  }
}
