import type { InitState, OtaState } from '@mapio/contracts';
import { svgDocument, text, WIDTH } from '../render/svg';
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

/** Lines of 12 px text from `firstBaseline` on, 14 px apart. */
function lines(content: readonly string[], firstBaseline: number): string {
  return content.map((line, index) => text(MARGIN, firstBaseline + index * 14, line, { size: 12, maxWidth: room })).join('');
}

/** A failed update says what did not happen and why, and that the running system is still the same. */
function otaFailedView(state: OtaState): string {
  const what = state.version ? `MAPIO OS ${state.version} was not installed` : 'The update was not installed';
  return svgDocument([
    titleBar('OS UPDATE', null),
    text(MARGIN, TITLE_HEIGHT + 24, OTA_WORDS.failed, { size: 24, maxWidth: room }),
    lines([what, ...wrapText(state.message, room, 12, 2)], TITLE_HEIGHT + 42),
    text(MARGIN, TITLE_HEIGHT + 99, 'System unchanged. Press a button', { size: 12, maxWidth: room }),
  ]);
}

/** OS UPDATE: phase, version, progress bar and percentage, message. Shown while an update runs. */
export function otaView(state: OtaState): string {
  if (state.phase === 'failed') return otaFailedView(state);
  const showsProgress = state.phase !== 'rebooting';
  return svgDocument([
    titleBar('OS UPDATE', null),
    text(MARGIN, TITLE_HEIGHT + 24, OTA_WORDS[state.phase], { size: 24, maxWidth: room }),
    state.version ? text(MARGIN, TITLE_HEIGHT + 41, `MAPIO OS ${state.version}`, { size: 12, maxWidth: room }) : '',
    showsProgress ? gauge(MARGIN, TITLE_HEIGHT + 47, room - PERCENT_WIDTH - GAP, 18, state.progress) : '',
    showsProgress ? text(WIDTH - MARGIN, TITLE_HEIGHT + 63, `${Math.floor(state.progress)}%`, { size: 18, anchor: 'end' }) : '',
    text(MARGIN, TITLE_HEIGHT + 82, state.message, { size: 12, maxWidth: room }),
    text(MARGIN, TITLE_HEIGHT + 99, 'Do not unplug', { size: 12, maxWidth: room }),
  ]);
}

/** FIRST BOOT: what mapio-init is doing (partition growth, checks). */
export function initView(state: InitState): string {
  return svgDocument([
    titleBar('STARTING', null),
    text(MARGIN, TITLE_HEIGHT + 26, INIT_WORDS[state.phase], { size: 18, maxWidth: room }),
    lines(wrapText(state.message, room, 12, 2), TITLE_HEIGHT + 50),
    text(MARGIN, TITLE_HEIGHT + 99, 'Do not unplug', { size: 12, maxWidth: room }),
  ]);
}
