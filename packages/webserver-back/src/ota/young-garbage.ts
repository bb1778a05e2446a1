import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'minor' }) => void;

let gc: Gc | null | undefined;

/**
 * Runs a minor GC (a scavenge: well under a millisecond with our 1 MB semi-space). Why: each socket
 * read of an upload is a fresh 64 KiB Buffer whose JS object is tiny, so the young generation hardly
 * fills and V8 frees the dead chunks only at full GCs it starts for external-memory pressure: at
 * loopback speed 30-40 MB of them piled up (scripts/bench-webserver: RSS +32 MB for a 500 MB
 * bundle, +12 MB with this every 4 MiB). `gc` is taken once from a fresh context after
 * --expose-gc, as Node's v8.setFlagsFromString documentation shows, so the daemons' flags stay as
 * they are; without it (another engine) this does nothing.
 */
export function collectYoungGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    const exposed: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof exposed === 'function' ? (exposed as Gc) : null;
  }
  gc?.({ type: 'minor' });
}
