import { execFile } from 'node:child_process';
import { z } from 'zod';
import { DomainError } from '../domain-error';
import { systemCompatible } from './rauc-system-conf';

/** Why a bundle was refused: each says what to do next in its message. */
export type BundleRejection = 'wrong_signer' | 'corrupt' | 'truncated' | 'incompatible' | 'unreadable';

export interface VerifiedBundle {
  compatible: string;
  version: string;
  format: 'plain' | 'verity';
  signer: string | null;
  /** A verity bundle's payload is only checked block by block while RAUC installs it (dm-verity). */
  payloadCheckedAtInstall: boolean;
}

/** `rauc info --output-format=json` (stdout; its log lines go to stderr). */
const RaucInfo = z.object({
  compatible: z.string(),
  version: z.string().nullable(),
  images: z.array(z.record(z.string(), z.object({ filename: z.string(), size: z.number().optional() }))),
});

const REJECTIONS: Array<{ reason: BundleRejection; pattern: RegExp; message: string }> = [
  {
    reason: 'truncated',
    pattern: /exceeds bundle size|too small|Invalid bundle format|unexpected end|short read/i,
    message: 'the bundle is incomplete (truncated): download it again',
  },
  {
    reason: 'wrong_signer',
    pattern: /Verify error|unable to get (local )?issuer|self-signed certificate|certificate (has expired|is not yet valid)|unsuitable certificate/i,
    message: 'the bundle is not signed by a key this device trusts: use an official MAPIO OS bundle',
  },
  {
    reason: 'corrupt',
    pattern: /verification failure|content verify error|digest|checksum|hash/i,
    message: 'the bundle is damaged (its signature does not match its content): download it again',
  },
];

function rejection(reason: BundleRejection, message: string, raucError: string): DomainError {
  return new DomainError('invalid', message, { details: { reason, rauc: raucError } });
}

/**
 * Checks an uploaded bundle before anything is installed: `rauc info` against the keyring of
 * MAPIO_RAUC_CONF (signature, and for plain bundles the whole payload), then its compatible string
 * against the device's. Refusals are DomainError `invalid` with `details.reason`.
 */
export class BundleVerifier {
  constructor(
    private readonly raucConf: string,
    private readonly raucBinary = 'rauc',
  ) {}

  async verify(bundle: string): Promise<VerifiedBundle> {
    const deviceCompatible = await systemCompatible(this.raucConf);
    const { stdout, stderr, code } = await this.raucInfo(bundle);
    const raucError = stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('rauc-Message'))
      .join(' ')
      .trim();
    if (code !== 0) {
      const known = REJECTIONS.find((candidate) => candidate.pattern.test(raucError));
      if (known) throw rejection(known.reason, known.message, raucError);
      throw rejection('unreadable', `the file is not a RAUC bundle this device can read: ${raucError || `rauc exited with ${code}`}`, raucError);
    }
    const parsed = RaucInfo.safeParse(safeJson(stdout));
    if (!parsed.success) throw rejection('unreadable', 'rauc info printed no bundle description', raucError);
    const info = parsed.data;
    if (info.compatible !== deviceCompatible) {
      throw rejection(
        'incompatible',
        `the bundle is for "${info.compatible}", this device is "${deviceCompatible}": use a bundle made for this device`,
        '',
      );
    }
    // rauc says "Verified detached signature" for plain bundles, "inline" for verity ones.
    const format = /Verified inline signature/.test(stderr) ? 'verity' : 'plain';
    const signer = /Verified \w+ signature by '([^']*)'/.exec(stderr)?.[1] ?? null;
    return { compatible: info.compatible, version: info.version ?? 'unknown', format, signer, payloadCheckedAtInstall: format === 'verity' };
  }

  private raucInfo(bundle: string): Promise<{ stdout: string; stderr: string; code: number }> {
    return new Promise((resolve, reject) => {
      execFile(
        this.raucBinary,
        [`--conf=${this.raucConf}`, 'info', '--output-format=json', bundle],
        { timeout: 10 * 60_000, maxBuffer: 4 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          if (code === null) {
            reject(new DomainError('unavailable', `cannot run rauc: ${error?.message ?? 'unknown error'}`, { dependency: 'rauc', cause: error }));
            return;
          }
          resolve({ stdout, stderr, code });
        },
      );
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
