import type { MonoImage } from '@mapio/epd-waveshare';
import type { PagePosition, Screen } from '../views/view-data';
import { drawScreen } from '../views/screen-view';
import { overlayWaitBox, waitBoxView } from '../views/wait-box';
import { drawFrame } from './frame-canvas';

/** Screens to 1-bit frames. The "Wait..." box is drawn once and then only copied in. */
export class ScreenRenderer {
  private waitBox: MonoImage | null = null;

  prepare(): Promise<void> {
    this.waitBox ??= drawFrame(waitBoxView);
    return Promise.resolve();
  }

  render(screen: Screen, position: PagePosition | null): Promise<MonoImage> {
    if (screen.view === 'custom' && screen.photo) return Promise.resolve(screen.photo);
    return Promise.resolve(drawFrame((canvas) => drawScreen(canvas, screen, position)));
  }

  /** Synchronous on purpose: a button press shows the box without waiting for anything. */
  withWaitBox(frame: MonoImage): MonoImage {
    if (!this.waitBox) throw new Error('ScreenRenderer.prepare() was not called');
    return overlayWaitBox(frame, this.waitBox);
  }
}
