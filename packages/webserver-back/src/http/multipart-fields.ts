import type { Request } from 'express';
import busboy from 'busboy';
import { ApiError } from './api-error';

/**
 * The text fields of a small `multipart/form-data` body (the old front end's forms), read with
 * busboy: at most `maxFieldBytes` per field and a few fields; a file part is refused.
 */
export function multipartFields(req: Request, maxFieldBytes = 16 * 1024): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fields: 10, files: 0, fieldSize: maxFieldBytes, parts: 10 } });
    } catch {
      reject(new ApiError('validation_failed', 'expected a multipart/form-data body'));
      return;
    }
    const fields: Record<string, string> = {};
    let problem: ApiError | null = null;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) problem ??= new ApiError('payload_too_large', `form field ${name} is longer than ${maxFieldBytes} bytes`);
      else fields[name] = value;
    });
    const tooMuch = (what: string) => () => (problem ??= new ApiError('validation_failed', `the form has ${what}`));
    parser.on('filesLimit', tooMuch('a file part (expected text fields only)'));
    parser.on('fieldsLimit', tooMuch('too many fields'));
    parser.on('partsLimit', tooMuch('too many parts'));
    parser.on('file', (_name, stream) => stream.resume());
    parser.once('error', (error: Error) => reject(new ApiError('validation_failed', `the form cannot be read: ${error.message}`)));
    parser.once('close', () => (problem ? reject(problem) : resolve(fields)));
    req.pipe(parser);
  });
}
