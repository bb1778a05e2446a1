import sharp from 'sharp';
import { blankImage, BLACK, encodeMonoPng, isBlack, packForRam, PANEL, unpackRam } from '@mapio/epd-waveshare';

function imageWith(points: Array<[number, number]>) {
  const image = blankImage(PANEL.width, PANEL.height);
  for (const [x, y] of points) image.pixels[y * PANEL.width + x] = BLACK;
  return image;
}

describe('landscape picture -> controller RAM', () => {
  it('is 16 bytes x 250 rows, all white (1 bits) for a white picture, padding included', () => {
    const ram = packForRam(blankImage(PANEL.width, PANEL.height));
    expect(ram).toHaveLength(4000);
    expect(ram.every((byte) => byte === 0xff)).toBe(true);
  });

  it('turns the picture a quarter counter-clockwise: landscape (x, y) -> RAM row 249 - x, bit y', () => {
    const ram = packForRam(imageWith([[0, 0], [249, 121], [10, 9]]));
    expect(ram[249 * 16 + 0]).toBe(0x7f); // top-left corner: last row, first bit
    expect(ram[0 * 16 + 15]).toBe(0xbf); // bottom-right corner: first row, bit 121 = byte 15, bit 1
    expect(ram[239 * 16 + 1]).toBe(0xbf); // (10, 9): row 239, byte 1, second bit
    expect(ram.filter((byte) => byte !== 0xff)).toHaveLength(3);
  });

  it('unpacks back to the same picture', () => {
    const points: Array<[number, number]> = [];
    for (let i = 0; i < 500; i++) points.push([(i * 37) % 250, (i * 11) % 122]);
    const image = imageWith(points);
    const back = unpackRam(packForRam(image));
    expect(Buffer.from(back.pixels).equals(Buffer.from(image.pixels))).toBe(true);
  });

  it('refuses a picture of the wrong size, saying what it expected', () => {
    expect(() => packForRam(blankImage(122, 250))).toThrow('expected a 250x122 image');
    expect(() => unpackRam(new Uint8Array(10))).toThrow('expected 4000 bytes');
  });
});

describe('1-bit PNG', () => {
  it('decodes (with libvips) to the same pixels', async () => {
    const image = imageWith([[0, 0], [1, 0], [249, 121], [100, 60], [7, 8], [8, 8]]);
    const png = encodeMonoPng(image);
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 250, height: 122, channels: 1 });
    const blackInPng: string[] = [];
    const blackInImage: string[] = [];
    for (let y = 0; y < 122; y++) {
      for (let x = 0; x < 250; x++) {
        if ((data[y * 250 + x] ?? 0) < 128) blackInPng.push(`${x},${y}`);
        if (isBlack(image, x, y)) blackInImage.push(`${x},${y}`);
      }
    }
    expect(blackInPng).toEqual(blackInImage);
  });

  it('is the same bytes for the same picture', () => {
    const image = imageWith([[5, 5]]);
    expect(encodeMonoPng(image).equals(encodeMonoPng(imageWith([[5, 5]])))).toBe(true);
  });
});
