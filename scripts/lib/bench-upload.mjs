// The OS update upload of scripts/bench-webserver: a real signed RAUC bundle (a dev CA made here, a
// system.conf naming its keyring and compatible) uploaded to POST /api/v1/ota over loopback, while the
// daemon's RSS is sampled. The daemon takes it through the whole code path: size cap, free-space
// check, streaming to MAPIO_DATA_DIR/ota, `rauc info` against the keyring (202); the install that
// follows fails at once (no RAUC service on the bench's bus), which leaves the next upload free.
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { rssMb } from './proc-usage.mjs';

const COMPATIBLE = 'mapio-bench';

/** A signed bundle of about `mb` MiB, the system.conf that accepts it, and a bus address nobody listens on. */
export async function benchBundle(testkit, scratch, mb) {
  const signer = await testkit.createRaucSigner(path.join(scratch, 'rauc-ca'), 'MAPIO bench CA');
  const { bundle } = await testkit.buildRaucBundle(signer, scratch, 'bench', { compatible: COMPATIBLE, version: 'bench', imageBytes: mb * 1024 * 1024 });
  const systemConf = path.join(scratch, 'rauc-system.conf');
  writeFileSync(systemConf, ['[system]', `compatible=${COMPATIBLE}`, 'bootloader=noop', '', '[keyring]', `path=${signer.caPem}`, ''].join('\n'));
  return {
    bundle,
    bytes: statSync(bundle).size,
    env: { MAPIO_RAUC_CONF: systemConf, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${path.join(scratch, 'no-rauc-bus.sock')}` },
  };
}

/**
 * Uploads `file` as one octet-stream, sampling the daemon's RSS every 20 ms. `sentSeconds`: until the
 * last byte was handed to the socket (the upload); `answerSeconds`: until the answer, which for a
 * bundle also holds `rauc info` checking its signature over the whole payload.
 */
export async function uploadBundle(url, headers, file, bytes, pid) {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const start = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - start) / 1e9;
  let sentSeconds = NaN;
  let peakSending = NaN;
  let body = '';
  const status = await new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(bytes) },
    });
    request.on('finish', () => {
      sentSeconds = since();
      peakSending = Math.max(peak, rssMb(pid));
    });
    request.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(res.statusCode));
    });
    request.on('error', reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(request);
  });
  const answerSeconds = since();
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  return { status, body, mbPerSecond: bytes / 1e6 / sentSeconds, answerSeconds, growthMb: peak - before, sendingGrowthMb: peakSending - before, before };
}

/**
 * Waits until the job of an accepted upload has ended (its install fails without RAUC; the 500 MB
 * file is then removed), so the next upload is not refused with 409.
 */
export async function waitUpdateOver(base, headers, upload, timeoutMs = 120_000) {
  if (upload.status !== 202) return;
  const { job } = JSON.parse(upload.body);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { state } = await (await fetch(`${base}/api/v1/jobs/${job.id}`, { headers })).json();
    if (state !== 'running') return;
    if (Date.now() > deadline) throw new Error(`the OS update job is still ${state} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
