import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { MonoImage } from '@mapio/epd-waveshare';
import { errorMessage, type Logger } from '@mapio/runtime';
import { ditherPhoto } from '../render/photo';

/**
 * The CUSTOM view's picture: present or not (checked again each time it is asked), dithered once
 * per version of the file. An unreadable file gives null (the view says so) and one warning.
 */
export class CustomPhoto {
  private cached: { mtimeMs: number; size: number; image: MonoImage | null } | null = null;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Synchronous (one stat) so that a button press knows the page cycle without waiting. */
  exists(): boolean {
    try {
      return statSync(this.file).isFile();
    } catch {
      return false;
    }
  }

  async load(): Promise<MonoImage | null> {
    let info;
    try {
      info = await stat(this.file);
    } catch {
      this.cached = null;
      return null;
    }
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.image;
    let image: MonoImage | null = null;
    try {
      image = await ditherPhoto(this.file);
    } catch (error) {
      this.logger.warn({ file: this.file, err: errorMessage(error) }, 'custom e-paper picture unreadable');
    }
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, image };
    return image;
  }
}
