import { spawn } from 'node:child_process';
import { DomainError } from '../domain-error';

/** Key types sshd accepts in authorized_keys that we allow (no DSA; RSA only from 2048 bits). */
export const KEY_TYPES = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ssh-rsa',
] as const;
export type KeyType = (typeof KEY_TYPES)[number];

const MIN_RSA_BITS = 2048;
const MAX_LINE = 16 * 1024;

export interface PublicKey {
  type: KeyType;
  /** The base64 key blob: two lines with the same blob are the same key, whatever their comments. */
  blob: string;
  comment: string;
  bits: number;
  /** `SHA256:...`, as `ssh-keygen -l` and sshd's logs print it. */
  fingerprint: string;
  /** The line written to authorized_keys. */
  line: string;
}

const invalid = (message: string) => new DomainError('invalid', message);

/** The first length-prefixed string of an SSH key blob: the key type it really holds. */
function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length > 64 || blob.length < 4 + length) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/**
 * Checks what sshd would take as an authorized_keys line, and only plain keys: exactly one key,
 * `<type> <base64> [comment]`, no option prefix (`command=`, `from=`, ...), no control characters
 * (an embedded newline would add a second line), the type inside the blob equal to the one written.
 * ssh-keygen then parses the blob itself (truncated or damaged keys fail there) and gives the size
 * and fingerprint.
 */
export async function parsePublicKey(text: string): Promise<PublicKey> {
  const trimmed = text.replace(/^[ ]+|[ \r\n]+$/g, '');
  if (trimmed.length === 0) throw invalid('the key is empty: paste one line from a .pub file');
  if (trimmed.length > MAX_LINE) throw invalid(`the key is longer than ${MAX_LINE} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw invalid('the key holds a line break or another control character: paste exactly one key line');
  const [type = '', base64 = '', ...rest] = trimmed.split(/ +/);
  const comment = rest.join(' ');
  if (!(KEY_TYPES as readonly string[]).includes(type)) {
    throw invalid(
      /[=,"]/.test(type)
        ? 'options before the key (command=, from=, ...) are not accepted: paste the key alone'
        : `unsupported key type "${type.slice(0, 40)}": use one of ${KEY_TYPES.join(', ')}`,
    );
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw invalid('the key data is not valid base64 (truncated?)');
  const blob = Buffer.from(base64, 'base64');
  if (blob.toString('base64') !== base64) throw invalid('the key data is not valid base64 (truncated?)');
  const inner = blobKeyType(blob);
  if (inner !== type) throw invalid(`the key says "${type}" but its data holds ${inner ? `"${inner}"` : 'no key'}`);
  if (KEY_TYPES.some((other) => comment.split(' ').includes(other))) throw invalid('several keys in one field: add them one at a time');
  const line = comment ? `${type} ${base64} ${comment}` : `${type} ${base64}`;
  const { bits, fingerprint } = await keygenFingerprint(line);
  if (type === 'ssh-rsa' && bits < MIN_RSA_BITS) throw invalid(`RSA keys need at least ${MIN_RSA_BITS} bits, this one has ${bits}: make an ed25519 key`);
  return { type: type as KeyType, blob: base64, comment, bits, fingerprint, line };
}

/** `ssh-keygen -l -E sha256 -f -` on the line: "<bits> SHA256:<hash> <comment> (<TYPE>)". */
function keygenFingerprint(line: string): Promise<{ bits: number; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    child.once('error', (error) => reject(new DomainError('unavailable', `cannot run ssh-keygen: ${error.message}`, { dependency: 'ssh-keygen', cause: error })));
    child.once('close', (code) => {
      const match = /^(\d+) (SHA256:[A-Za-z0-9+/]+)/.exec(stdout);
      if (code !== 0 || !match) {
        reject(invalid('ssh-keygen cannot read this key (truncated or damaged?)'));
        return;
      }
      resolve({ bits: Number(match[1]), fingerprint: match[2] ?? '' });
    });
    child.stdin.end(`${line}\n`);
  });
}
