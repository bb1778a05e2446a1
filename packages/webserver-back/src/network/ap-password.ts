import { randomInt } from 'node:crypto';

/** Letters and digits a person reads off the e-paper and types without doubt (no 0/O, 1/l/I, 5/S, 2/Z, 8/B). */
export const AP_PASSWORD_ALPHABET = 'abcdefghjkmnpqrtuvwxyzACDEFGHJKMNPQRTUVWXY34679';
const LENGTH = 12;

/** A fresh access point password: 12 characters of a 47-letter alphabet, about 66 bits. */
export function newApPassword(): string {
  return Array.from({ length: LENGTH }, () => AP_PASSWORD_ALPHABET[randomInt(AP_PASSWORD_ALPHABET.length)]).join('');
}
