import type { InitState, OtaState } from '@mapio/contracts';
import { svgDocument, text, WIDTH } from '../render/svg';
import { gauge, MARGIN, TITLE_HEIGHT, titleBar } from './layout';

const OTA_WORDS: Record<OtaState['phase'], string> = {
  idle: 'Idle',
  uploading: 'Receiving',
  verifying: 'Verifying',
  installing: 'Installing',
  rebooting: 'Rebooting',
  failed: 'Update failed',
};

const INIT_WORDS: Record<InitState['phase'], string> = {
  growing: 'Growing data partition',
  checking: 'Checking the system',
  done: 'Ready',
  failed: 'Start-up failed',
};

const room = WIDTH - 2 * MARGIN;

/** OS UPDATE: phase, progress bar and percentage, version, message. Shown while an update runs. */
export function otaView(state: OtaState): string {
  const showsProgress = state.phase !== 'failed' && state.phase !== 'rebooting';
  return svgDocument([
    titleBar('OS UPDATE', null),
    text(MARGIN, TITLE_HEIGHT + 24, OTA_WORDS[state.phase], { size: 20, maxWidth: room }),
    state.version ? text(MARGIN, TITLE_HEIGHT + 42, `to ${state.version}`, { size: 12, maxWidth: room }) : '',
    showsProgress ? gauge(MARGIN, TITLE_HEIGHT + 52, room - 50, 18, state.progress) : '',
    showsProgress ? text(WIDTH - MARGIN, TITLE_HEIGHT + 67, `${Math.floor(state.progress)}%`, { size: 16, anchor: 'end' }) : '',
    text(MARGIN, TITLE_HEIGHT + 88, state.message, { size: 11, maxWidth: room }),
    text(MARGIN, TITLE_HEIGHT + 102, state.phase === 'failed' ? 'Press a button to go back' : 'Do not unplug', { size: 10, maxWidth: room }),
  ]);
}

/** FIRST BOOT: what mapio-init is doing (partition growth, checks). */
export function initView(state: InitState): string {
  return svgDocument([
    titleBar('STARTING', null),
    text(MARGIN, TITLE_HEIGHT + 30, INIT_WORDS[state.phase], { size: 16, maxWidth: room }),
    text(MARGIN, TITLE_HEIGHT + 56, state.message, { size: 11, maxWidth: room }),
    text(MARGIN, TITLE_HEIGHT + 100, 'Do not unplug', { size: 10, maxWidth: room }),
  ]);
}
