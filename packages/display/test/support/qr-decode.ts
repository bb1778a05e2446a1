import type { MonoImage } from '@mapio/epd-waveshare';
import jsQR from 'jsqr';

/** Reads the QR code in a region of a frame, as a phone would (jsQR on an RGBA picture, scaled up). */
export function decodeQr(frame: MonoImage, region = { x: 0, y: 0, width: frame.width, height: frame.height }, scale = 4): string | null {
  const width = region.width * scale;
  const height = region.height * scale;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = frame.pixels[(region.y + Math.floor(y / scale)) * frame.width + region.x + Math.floor(x / scale)] ?? 255;
      rgba.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

