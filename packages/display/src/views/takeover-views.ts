import type { InitState, OtaState } from '@mapio/contracts';
import { WIDTH, type Painter } from '../render/painter';
import { wrapText } from '../render/text-fit';
import { gauge, GAP, MARGIN, TITLE_HEIGHT, titleBar } from './layout';

const OTA_WORDS: Record<OtaState['phase'], string> = {
  idle: 'Idle',
  uploading: 'Receiving',
  verifying: 'Verifying',
  installing: 'Installing',
  rebooting: 'Restarting',
  failed: 'Update failed',
};

const INIT_WORDS: Record<InitState['phase'], string> = {
  growing: 'Growing data partition',
  checking: 'Checking the system',
  done: 'Ready',
  failed: 'Start-up failed',
};

const room = WIDTH - 2 * MARGIN;
/** "100%" at 18 px. */
const PERCENT_WIDTH = 44;

/** Lines of 14 px text from `firstBaseline` on, 16 px apart. */
function lines(painter: Painter, content: readonly string[], firstBaseline: number): void {
  content.forEach((line, index) => painter.text(MARGIN, firstBaseline + index * 16, line, { size: 14, maxWidth: room }));
}

/** A failed update says what was not installed and why (the running system stays as it was). */
function otaFailedView(painter: Painter, state: OtaState): void {
  const what = state.version ? `${state.version} was not installed` : 'Nothing was installed';
  titleBar(painter, 'OS UPDATE', null);
  painter.text(MARGIN, TITLE_HEIGHT + 24, OTA_WORDS.failed, { size: 24, maxWidth: room });
  lines(painter, [what, ...wrapText(state.message, room, 14, 2)], TITLE_HEIGHT + 42);
  painter.text(MARGIN, TITLE_HEIGHT + 99, 'Press a button to go back', { size: 14, maxWidth: room });
}

/** OS UPDATE: phase, version and percentage, a progress bar under them, message. Shown while an update runs. */
export function otaView(painter: Painter, state: OtaState): void {
  if (state.phase === 'failed') {
    otaFailedView(painter, state);
    return;
  }
  titleBar(painter, 'OS UPDATE', null);
  painter.text(MARGIN, TITLE_HEIGHT + 24, OTA_WORDS[state.phase], { size: 24, maxWidth: room });
  if (state.version) painter.text(MARGIN, TITLE_HEIGHT + 43, `Version ${state.version}`, { size: 14, maxWidth: room - PERCENT_WIDTH - GAP });
  if (state.phase !== 'rebooting') {
    painter.text(WIDTH - MARGIN, TITLE_HEIGHT + 43, `${Math.floor(state.progress)}%`, { size: 18, anchor: 'end' });
    gauge(painter, MARGIN, TITLE_HEIGHT + 50, room, 14, state.progress);
  }
  painter.text(MARGIN, TITLE_HEIGHT + 83, state.message, { size: 14, maxWidth: room });
  painter.text(MARGIN, TITLE_HEIGHT + 100, 'Do not unplug', { size: 14, maxWidth: room });
}

/** FIRST BOOT: what mapio-init is doing (partition growth, checks). */
export function initView(painter: Painter, state: InitState): void {
  titleBar(painter, 'STARTING', null);
  painter.text(MARGIN, TITLE_HEIGHT + 26, INIT_WORDS[state.phase], { size: 18, maxWidth: room });
  lines(painter, wrapText(state.message, room, 14, 2), TITLE_HEIGHT + 50);
  painter.text(MARGIN, TITLE_HEIGHT + 99, 'Do not unplug', { size: 14, maxWidth: room });
}
