/** One glyph of a bitmap font: `bits` is `width x height`, row-major, 1 = ink. */
export interface Glyph {
  /** Pixels from the pen position to the next one. */
  readonly advance: number;
  /** Pixels from the pen position to the bitmap's left column (may be negative). */
  readonly left: number;
  /** Rows of the bitmap above the baseline. */
  readonly ascent: number;
  readonly width: number;
  readonly height: number;
  readonly bits: Uint8Array;
}

/** A bitmap font at its one native pixel size. */
export interface BitmapFont {
  readonly pixelSize: number;
  /** Rows above and below the baseline that any glyph of the font may use. */
  readonly ascent: number;
  readonly descent: number;
  /** The glyph of a code point, or the font's default glyph when it has none. */
  glyph(codePoint: number): Glyph;
}

class PcfFormatError extends Error {}

// Table types and format bits of the X11 Portable Compiled Format (the format X.Org fonts ship in).
const PROPERTIES = 1 << 0;
const METRICS = 1 << 2;
const BITMAPS = 1 << 3;
const BDF_ENCODINGS = 1 << 5;
const BDF_ACCELERATORS = 1 << 8;
const ACCELERATORS = 1 << 1;
const COMPRESSED_METRICS = 0x100;
const BYTE_MSB_FIRST = 1 << 2;
const BIT_MSB_FIRST = 1 << 3;

interface Table {
  readonly format: number;
  readonly offset: number;
}

/** Reads a table's fields in the byte order its format word names. */
class TableReader {
  private position: number;
  readonly format: number;
  private readonly bigEndian: boolean;

  constructor(
    private readonly data: Buffer,
    table: Table,
  ) {
    this.format = data.readInt32LE(table.offset);
    if (this.format !== table.format) throw new PcfFormatError('table format word does not match the table of contents');
    this.bigEndian = (this.format & BYTE_MSB_FIRST) !== 0;
    this.position = table.offset + 4;
  }

  int32(): number {
    const value = this.bigEndian ? this.data.readInt32BE(this.position) : this.data.readInt32LE(this.position);
    this.position += 4;
    return value;
  }

  int16(): number {
    const value = this.bigEndian ? this.data.readInt16BE(this.position) : this.data.readInt16LE(this.position);
    this.position += 2;
    return value;
  }

  uint16(): number {
    const value = this.bigEndian ? this.data.readUInt16BE(this.position) : this.data.readUInt16LE(this.position);
    this.position += 2;
    return value;
  }

  uint8(): number {
    return this.data.readUInt8(this.position++);
  }

  skip(bytes: number): void {
    this.position += bytes;
  }

  offset(): number {
    return this.position;
  }
}

interface Metrics {
  left: number;
  right: number;
  advance: number;
  ascent: number;
  descent: number;
}

function readMetrics(reader: TableReader): Metrics[] {
  const compressed = (reader.format & 0xffffff00) === COMPRESSED_METRICS;
  const count = compressed ? reader.int16() : reader.int32();
  const metrics: Metrics[] = [];
  for (let i = 0; i < count; i++) {
    if (compressed) {
      const [left, right, advance, ascent, descent] = [0, 0, 0, 0, 0].map(() => reader.uint8() - 0x80) as [number, number, number, number, number];
      metrics.push({ left, right, advance, ascent, descent });
    } else {
      metrics.push({ left: reader.int16(), right: reader.int16(), advance: reader.int16(), ascent: reader.int16(), descent: reader.int16() });
      reader.skip(2); // attributes
    }
  }
  return metrics;
}

function readGlyphBits(data: Buffer, reader: TableReader, metrics: readonly Metrics[]): Uint8Array[] {
  const format = reader.format;
  const count = reader.int32();
  if (count !== metrics.length) throw new PcfFormatError(`${count} bitmaps for ${metrics.length} glyph metrics`);
  const offsets = Array.from({ length: count }, () => reader.int32());
  reader.skip(16); // bitmap sizes for the 4 paddings; only the file's own padding is present
  const start = reader.offset();
  const padBytes = 1 << (format & 3);
  const unitBytes = 1 << ((format >> 4) & 3);
  const bitMsbFirst = (format & BIT_MSB_FIRST) !== 0;
  const swapUnits = unitBytes > 1 && ((format & BYTE_MSB_FIRST) !== 0) !== bitMsbFirst;
  return metrics.map((metric, index) => {
    const width = metric.right - metric.left;
    const height = metric.ascent + metric.descent;
    const rowBytes = Math.ceil(Math.ceil(width / 8) / padBytes) * padBytes;
    const base = start + (offsets[index] ?? 0);
    const bits = new Uint8Array(Math.max(0, width * height));
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        let byteIndex = Math.floor(column / 8);
        if (swapUnits) byteIndex = byteIndex - (byteIndex % unitBytes) + (unitBytes - 1 - (byteIndex % unitBytes));
        const byte = data.readUInt8(base + row * rowBytes + byteIndex);
        const bit = bitMsbFirst ? 7 - (column % 8) : column % 8;
        bits[row * width + column] = (byte >> bit) & 1;
      }
    }
    return bits;
  });
}

interface Encoding {
  /** Glyph index of a code point, or undefined. */
  lookup(codePoint: number): number | undefined;
  defaultCode: number;
}

function readEncoding(reader: TableReader): Encoding {
  const minByte2 = reader.int16();
  const maxByte2 = reader.int16();
  const minByte1 = reader.int16();
  const maxByte1 = reader.int16();
  const defaultCode = reader.int16();
  const perRow = maxByte2 - minByte2 + 1;
  const indexes = Array.from({ length: perRow * (maxByte1 - minByte1 + 1) }, () => reader.uint16());
  return {
    defaultCode,
    lookup(codePoint) {
      const byte1 = codePoint >> 8;
      const byte2 = codePoint & 0xff;
      if (byte1 < minByte1 || byte1 > maxByte1 || byte2 < minByte2 || byte2 > maxByte2) return undefined;
      const index = indexes[(byte1 - minByte1) * perRow + byte2 - minByte2];
      return index === undefined || index === 0xffff ? undefined : index;
    },
  };
}

/** Font-wide ascent and descent, from the accelerator table. */
function readAccelerators(reader: TableReader): { ascent: number; descent: number } {
  reader.skip(8); // noOverlap .. padding flags
  return { ascent: reader.int32(), descent: reader.int32() };
}

function readPixelSize(data: Buffer, reader: TableReader): number | undefined {
  const count = reader.int32();
  const props = Array.from({ length: count }, () => {
    const nameOffset = reader.int32();
    const isString = reader.uint8() !== 0;
    const value = reader.int32();
    return { nameOffset, isString, value };
  });
  reader.skip((count & 3) === 0 ? 0 : 4 - (count & 3));
  reader.skip(4); // string pool size
  const pool = reader.offset();
  const name = (offset: number) => data.toString('latin1', pool + offset, data.indexOf(0, pool + offset));
  return props.find((prop) => !prop.isString && name(prop.nameOffset) === 'PIXEL_SIZE')?.value;
}

/** Parses an (uncompressed) PCF font file. */
export function parsePcf(data: Buffer): BitmapFont {
  if (data.length < 8 || data.toString('latin1', 0, 4) !== '\u0001fcp') throw new PcfFormatError('not a PCF font (bad magic)');
  const tables = new Map<number, Table>();
  const tableCount = data.readInt32LE(4);
  for (let i = 0; i < tableCount; i++) {
    const entry = 8 + i * 16;
    tables.set(data.readInt32LE(entry), { format: data.readInt32LE(entry + 4), offset: data.readInt32LE(entry + 12) });
  }
  const table = (type: number, name: string) => {
    const found = tables.get(type);
    if (!found) throw new PcfFormatError(`PCF font has no ${name} table`);
    return new TableReader(data, found);
  };
  const metrics = readMetrics(table(METRICS, 'metrics'));
  const bits = readGlyphBits(data, table(BITMAPS, 'bitmaps'), metrics);
  const encoding = readEncoding(table(BDF_ENCODINGS, 'encodings'));
  const { ascent, descent } = readAccelerators(tables.has(BDF_ACCELERATORS) ? table(BDF_ACCELERATORS, 'accelerators') : table(ACCELERATORS, 'accelerators'));
  const pixelSize = readPixelSize(data, table(PROPERTIES, 'properties')) ?? ascent + descent;
  const glyphs = metrics.map((metric, index): Glyph => ({
    advance: metric.advance,
    left: metric.left,
    ascent: metric.ascent,
    width: metric.right - metric.left,
    height: metric.ascent + metric.descent,
    bits: bits[index] ?? new Uint8Array(0),
  }));
  const fallbackIndex = encoding.lookup(encoding.defaultCode) ?? encoding.lookup(0x3f) ?? 0;
  const fallback = glyphs[fallbackIndex];
  if (!fallback) throw new PcfFormatError('PCF font has no glyphs');
  return {
    pixelSize,
    ascent,
    descent,
    glyph: (codePoint) => glyphs[encoding.lookup(codePoint) ?? fallbackIndex] ?? fallback,
  };
}
