import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { DomainError } from '../domain-error';
import { collectYoungGarbage } from './young-garbage';

/** An upload as the HTTP layer hands it over: the body stream and the headers that describe it. */
export interface BundleBody {
  stream: Readable;
  contentType: string | undefined;
  /** Content-Length, when the client sent one. */
  length: number | null;
}

export interface UploadLimits {
  maxBytes: number;
  onBytes(received: number): void;
}

const BUNDLE_FIELD = 'bundle';
/** Up to this much is buffered for the data partition: fewer, larger writes than the 16 kB default. */
const WRITE_CHUNK = 1024 * 1024;
/** Dead socket chunks are collected after every this many bytes (see collectYoungGarbage). */
const COLLECT_EVERY = 4 * 1024 * 1024;
/** How far into the body the first multipart boundary line must appear when the header lacks it. */
const BOUNDARY_SNIFF_BYTES = 512;

/** `multipart/form-data`, or the old front end's misspelled `mulitpart/data`. */
function isMultipart(contentType: string): boolean {
  return /^\s*(multipart\/form-data|mulitpart\/data)\b/i.test(contentType);
}

/**
 * Streams an uploaded bundle into `file`: a raw `application/octet-stream` body, or the file field
 * `bundle` of a multipart form (busboy; the boundary is read from the body's first line when the
 * header does not give it). Never holds more than a stream chunk in memory. Beyond `maxBytes` it
 * stops with DomainError `too_large`; a body that ends early rejects (the caller removes the file).
 */
export async function receiveBundle(body: BundleBody, file: string, limits: UploadLimits): Promise<number> {
  const contentType = body.contentType ?? '';
  if (body.length !== null && body.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  if (isMultipart(contentType)) return receiveMultipart(body.stream, contentType, file, limits);
  if (/^\s*application\/octet-stream\b/i.test(contentType)) {
    const counter = new ByteCounter(limits);
    await writeFile(file, body.stream, counter);
    return counter.received;
  }
  throw new DomainError('invalid', `expected the bundle as application/octet-stream or as the field "${BUNDLE_FIELD}" of multipart/form-data`);
}

/**
 * Streams into `file` and settles only once the file is closed: a failed pipeline rejects at the
 * first error, while the file may still be opening, and would then appear after the caller removed it.
 */
async function writeFile(file: string, source: Readable, counter: ByteCounter): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600, highWaterMark: WRITE_CHUNK });
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  try {
    await pipeline(source, counter, out);
  } finally {
    await closed;
  }
}

/** Passes the bytes through, reports the running count, fails beyond the cap, and keeps dead chunks few. */
class ByteCounter extends Transform {
  received = 0;
  private collectedAt = 0;

  constructor(private readonly limits: UploadLimits) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.received += chunk.length;
    if (this.received > this.limits.maxBytes) {
      callback(tooLarge(this.limits.maxBytes));
      return;
    }
    this.limits.onBytes(this.received);
    if (this.received - this.collectedAt >= COLLECT_EVERY) {
      this.collectedAt = this.received;
      collectYoungGarbage();
    }
    callback(null, chunk);
  }
}

async function receiveMultipart(stream: Readable, contentType: string, file: string, limits: UploadLimits): Promise<number> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const header = boundary ? `multipart/form-data; boundary=${boundary[1] ?? boundary[2]}` : `multipart/form-data; boundary=${await sniffBoundary(stream)}`;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': header }, limits: { files: 1, fields: 20, fieldSize: 4096, fileSize: limits.maxBytes } });
  } catch (error) {
    throw new DomainError('invalid', `the multipart body cannot be read: ${(error as Error).message}`);
  }
  let written: Promise<void> | null = null;
  let counter: ByteCounter | null = null;
  parser.on('file', (name, fileStream) => {
    if (name !== BUNDLE_FIELD || written) {
      fileStream.resume();
      return;
    }
    const limited = new ByteCounter(limits);
    counter = limited;
    fileStream.once('limit', () => limited.destroy(tooLarge(limits.maxBytes)));
    written = writeFile(file, fileStream, limited);
    // Reported by the await below; without this a failure before 'close' would be unhandled.
    written.catch(() => undefined);
  });
  try {
    await pipeline(stream, parser);
  } catch (error) {
    // The file is removed by the caller: only once nothing writes to it any more.
    await (written as Promise<void> | null)?.catch(() => undefined);
    throw error;
  }
  if (!written) throw new DomainError('invalid', `the form has no file field "${BUNDLE_FIELD}"`);
  await written;
  return (counter as ByteCounter | null)?.received ?? 0;
}

/** The boundary from the body's first line (`--<boundary>\r\n`); the bytes read are put back. */
async function sniffBoundary(stream: Readable): Promise<string> {
  let head = Buffer.alloc(0);
  while (head.length < BOUNDARY_SNIFF_BYTES && !head.includes('\r\n')) {
    const chunk = stream.read() as Buffer | null;
    if (chunk) {
      head = Buffer.concat([head, chunk]);
      continue;
    }
    if (stream.readableEnded) break;
    await Promise.race([once(stream, 'readable'), once(stream, 'end')]);
  }
  if (head.length > 0) stream.unshift(head);
  const match = /^--([^\r\n]{1,70})\r\n/.exec(head.subarray(0, BOUNDARY_SNIFF_BYTES).toString('latin1'));
  if (!match?.[1]) throw new DomainError('invalid', 'the multipart body does not start with a boundary line');
  return match[1];
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('too_large', `the bundle is larger than ${maxBytes} bytes (MAPIO_OTA_MAX_BYTES)`, { details: { maxBytes } });
}
