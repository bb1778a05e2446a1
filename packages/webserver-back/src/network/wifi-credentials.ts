import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

const derive = promisify(pbkdf2);

/** An SSID is 1-32 bytes (IEEE 802.11), any bytes; here it arrives as UTF-8 text. */
export const Ssid = z
  .string()
  .refine((value) => {
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes >= 1 && bytes <= 32;
  }, 'expected an SSID of 1 to 32 bytes');

/** WPA passphrase: 8-63 printable ASCII characters, or the 64-hex PSK itself; empty/absent = open network. */
export const Passphrase = z.union([
  z.string().regex(/^[\x20-\x7e]{8,63}$/, 'expected 8 to 63 printable ASCII characters'),
  z.string().regex(/^[0-9a-fA-F]{64}$/, 'or 64 hexadecimal digits'),
]);

export const WifiCredentials = z.strictObject({
  ssid: Ssid,
  passphrase: z.union([Passphrase, z.literal(''), z.null()]).optional(),
});
export type WifiCredentials = z.infer<typeof WifiCredentials>;

/**
 * The 256-bit PSK of IEEE 802.11i (annex H.4): PBKDF2-HMAC-SHA1(passphrase, SSID, 4096 rounds), as
 * the 64 hex digits wpa_supplicant takes; a 64-hex passphrase already is the PSK.
 */
export async function wpaPsk(ssid: string, passphrase: string): Promise<string> {
  if (/^[0-9a-fA-F]{64}$/.test(passphrase)) return passphrase.toLowerCase();
  const key = await derive(Buffer.from(passphrase, 'ascii'), Buffer.from(ssid, 'utf8'), 4096, 32, 'sha1');
  return key.toString('hex');
}
