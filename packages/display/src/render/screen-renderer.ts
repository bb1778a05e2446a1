import type { MonoImage } from '@mapio/epd-waveshare';
import type { PagePosition, Screen } from '../views/view-data';
import { screenSvg } from '../views/screen-svg';
import { overlayWaitBox, waitBoxSvg } from '../views/wait-box';
import { rasteriseSvg } from './rasterise';

/** Screens to 1-bit frames. The "Wait..." box is rasterised once and then only copied in. */
export class ScreenRenderer {
  private waitBox: MonoImage | null = null;

  async prepare(): Promise<void> {
    this.waitBox ??= await rasteriseSvg(waitBoxSvg());
  }

  async render(screen: Screen, position: PagePosition | null): Promise<MonoImage> {
    if (screen.view === 'custom' && screen.photo) return screen.photo;
    return rasteriseSvg(screenSvg(screen, position));
  }

  /** Synchronous on purpose: a button press shows the box without waiting for anything. */
  withWaitBox(frame: MonoImage): MonoImage {
    if (!this.waitBox) throw new Error('ScreenRenderer.prepare() was not called');
    return overlayWaitBox(frame, this.waitBox);
  }
}
