import type { PowerState } from '@mapio/contracts';
import { WIDTH, type Painter } from '../render/painter';
import { MISSING } from './format';
import { GAP, MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, StatusData } from './view-data';

const ROW = 34;
const ICON_WIDTH = 38;
const ICON_X = WIDTH - MARGIN - ICON_WIDTH;

const POWER_WORDS: Record<PowerState['state'], string> = {
  charging: 'Charging',
  charged: 'Charged',
  on_battery: 'On battery',
  critical: 'Battery low',
  no_battery: 'No battery',
};

/** A battery outline filled in proportion to its charge (38 x 16). */
function batteryIcon(painter: Painter, x: number, y: number, percent: number | null): void {
  const fill = Math.round((28 * Math.min(100, Math.max(0, percent ?? 0))) / 100);
  painter.strokeRect(x, y, 34, 16, 1);
  painter.fillRect(x + 34, y + 4, 3, 8, 'black');
  if (percent !== null && fill > 0) painter.fillRect(x + 3, y + 3, fill, 10, 'black');
}

/** A tick or a cross (16 x 16), right-aligned in the icon column. */
function tick(painter: Painter, y: number, ok: boolean | null): void {
  if (ok !== null) painter.icon(ok ? 'tick' : 'cross', WIDTH - MARGIN - 16, y);
}

/** STATUS: power (charger and battery), Internet connectivity, Docker; a label over each value. */
export function statusView(painter: Painter, data: StatusData, position: PagePosition): void {
  const room = ICON_X - GAP - MARGIN;
  const row = (index: number, label: string, value: string, icon: (iconTop: number) => void) => {
    const top = TITLE_HEIGHT + 2 + index * ROW;
    painter.text(MARGIN, top + 11, label, { size: 14 });
    painter.text(MARGIN, top + 28, value, { size: 18, maxWidth: room });
    icon(top + 12);
  };
  const power = data.power;
  const powerText = power
    ? `${POWER_WORDS[power.state]}${power.batteryPercent !== null && power.state !== 'no_battery' ? ` ${power.batteryPercent}%` : ''}`
    : MISSING;
  const docker = data.docker;
  const dockerText = !docker ? MISSING : docker.engine === 'unreachable' ? 'Stopped' : `Running ${docker.running}/${docker.total}`;
  titleBar(painter, 'STATUS', position);
  row(0, 'POWER', powerText, (top) => {
    if (power && power.state !== 'no_battery') batteryIcon(painter, ICON_X, top, power.batteryPercent);
  });
  row(1, 'INTERNET', data.internet === null ? MISSING : data.internet ? 'Connected' : 'Offline', (top) => tick(painter, top, data.internet));
  row(2, 'DOCKER', dockerText, (top) => tick(painter, top, docker ? docker.engine === 'running' : null));
}
