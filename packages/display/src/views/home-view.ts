import { path, rect, svgDocument, text, WIDTH } from '../render/svg';
import { MISSING, orMissing } from './format';
import type { HomeData } from './view-data';

const LOGO_WIDTH = 112;
const RIGHT = LOGO_WIDTH + 8;

/** The MAPIO mark: a house with a radio signal in it, and the name under it. */
function logo(): string {
  const cx = LOGO_WIDTH / 2;
  return [
    path(`M${cx - 46} 52L${cx} 10L${cx + 46} 52`, { stroke: 6 }),
    path(`M${cx - 34} 42V92H${cx + 34}V42`, { stroke: 6 }),
    rect(cx - 5, 70, 10, 10, { fill: 'black' }),
    path(`M${cx - 14} 66a20 20 0 0 1 28 0`, { stroke: 4 }),
    path(`M${cx - 22} 58a31 31 0 0 1 44 0`, { stroke: 4 }),
    text(cx, 117, 'MAPIO', { size: 24, anchor: 'middle' }),
  ].join('');
}

/** HOME: logo, clock, IP address of the default interface, OS version. */
export function homeView(data: HomeData): string {
  const room = WIDTH - RIGHT - 2;
  return svgDocument([
    logo(),
    rect(LOGO_WIDTH, 6, 1, 110, { fill: 'black' }),
    text(RIGHT, 42, data.clock ?? '--:--', { size: 34, maxWidth: room }),
    text(RIGHT, 64, 'IP', { size: 14 }),
    text(RIGHT, 80, orMissing(data.ip), { size: 14, maxWidth: room }),
    text(RIGHT, 98, 'OS VERSION', { size: 14 }),
    text(RIGHT, 114, data.osVersion === null ? MISSING : data.osVersion, { size: 14, maxWidth: room }),
  ]);
}
