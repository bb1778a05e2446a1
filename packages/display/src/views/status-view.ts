import type { PowerState } from '@mapio/contracts';
import { path, rect, svgDocument, text, WIDTH } from '../render/svg';
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
function batteryIcon(x: number, y: number, percent: number | null): string {
  const fill = Math.round((28 * Math.min(100, Math.max(0, percent ?? 0))) / 100);
  return (
    rect(x + 0.5, y + 0.5, 33, 15, { stroke: 1 }) +
    rect(x + 34, y + 4, 3, 8, { fill: 'black' }) +
    (percent !== null && fill > 0 ? rect(x + 3, y + 3, fill, 10, { fill: 'black' }) : '')
  );
}

/** A tick or a cross (16 x 16), right-aligned in the icon column. */
function tick(y: number, ok: boolean | null): string {
  if (ok === null) return '';
  const x = WIDTH - MARGIN - 16;
  return ok ? path(`M${x} ${y + 8}l5 5l9 -11`, { stroke: 3 }) : path(`M${x + 2} ${y + 2}l11 11m0 -11l-11 11`, { stroke: 3 });
}

/** STATUS: power (charger and battery), Internet connectivity, Docker; a label over each value. */
export function statusView(data: StatusData, position: PagePosition): string {
  const room = ICON_X - GAP - MARGIN;
  const row = (index: number, label: string, value: string, icon: (iconTop: number) => string) => {
    const top = TITLE_HEIGHT + 2 + index * ROW;
    return text(MARGIN, top + 11, label, { size: 14 }) + text(MARGIN, top + 28, value, { size: 18, maxWidth: room }) + icon(top + 12);
  };
  const power = data.power;
  const powerText = power
    ? `${POWER_WORDS[power.state]}${power.batteryPercent !== null && power.state !== 'no_battery' ? ` ${power.batteryPercent}%` : ''}`
    : MISSING;
  const docker = data.docker;
  const dockerText = !docker ? MISSING : docker.engine === 'unreachable' ? 'Stopped' : `Running ${docker.running}/${docker.total}`;
  return svgDocument([
    titleBar('STATUS', position),
    row(0, 'POWER', powerText, (top) => (power && power.state !== 'no_battery' ? batteryIcon(ICON_X, top, power.batteryPercent) : '')),
    row(1, 'INTERNET', data.internet === null ? MISSING : data.internet ? 'Connected' : 'Offline', (top) => tick(top, data.internet)),
    row(2, 'DOCKER', dockerText, (top) => tick(top, docker ? docker.engine === 'running' : null)),
  ]);
}
