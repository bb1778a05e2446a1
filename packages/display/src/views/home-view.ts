import { WIDTH, type Painter } from '../render/painter';
import { MISSING, orMissing } from './format';
import type { HomeData } from './view-data';

const LOGO_WIDTH = 112;
const RIGHT = LOGO_WIDTH + 8;

/** HOME: logo (the MAPIO mark and the name under it), clock, IP address of the default interface, OS version. */
export function homeView(painter: Painter, data: HomeData): void {
  const room = WIDTH - RIGHT - 2;
  painter.icon('logo', 0, 0);
  painter.text(LOGO_WIDTH / 2, 117, 'MAPIO', { size: 24, anchor: 'middle' });
  painter.fillRect(LOGO_WIDTH, 6, 1, 110, 'black');
  painter.text(RIGHT, 42, data.clock ?? '--:--', { size: 34, maxWidth: room });
  painter.text(RIGHT, 64, 'IP', { size: 14 });
  painter.text(RIGHT, 80, orMissing(data.ip), { size: 14, maxWidth: room });
  painter.text(RIGHT, 98, 'OS VERSION', { size: 14 });
  painter.text(RIGHT, 114, data.osVersion === null ? MISSING : data.osVersion, { size: 14, maxWidth: room });
}
