import type { PowerState } from '@mapio/contracts';
import { path, rect, svgDocument, text, WIDTH } from '../render/svg';
import { MISSING } from './format';
import { MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, StatusData } from './view-data';

const ROW = 34;
const VALUE_X = 92;

const POWER_WORDS: Record<PowerState['state'], string> = {
  charging: 'Charging',
  charged: 'Charged',
  on_battery: 'On battery',
  critical: 'Battery low',
  no_battery: 'No battery',
};

/** A battery outline filled in proportion to its charge. */
function batteryIcon(x: number, y: number, percent: number | null): string {
  const fill = Math.round((28 * Math.min(100, Math.max(0, percent ?? 0))) / 100);
  return (
    rect(x + 0.5, y + 0.5, 33, 15, { stroke: 1 }) +
    rect(x + 34, y + 4, 3, 8, { fill: 'black' }) +
    (percent !== null && fill > 0 ? rect(x + 3, y + 3, fill, 10, { fill: 'black' }) : '')
  );
}

function tick(x: number, y: number, ok: boolean | null): string {
  if (ok === null) return '';
  return ok ? path(`M${x} ${y + 8}l5 5l9 -11`, { stroke: 3 }) : path(`M${x + 1} ${y + 1}l11 11m0 -11l-11 11`, { stroke: 3 });
}

/** STATUS: power (charger and battery), Internet connectivity, Docker. */
export function statusView(data: StatusData, position: PagePosition): string {
  const room = WIDTH - VALUE_X - MARGIN - 20;
  const row = (index: number, label: string, value: string, icon: string) => {
    const baseline = TITLE_HEIGHT + 24 + index * ROW;
    return text(MARGIN, baseline, label, { size: 12 }) + text(VALUE_X, baseline, value, { size: 13, maxWidth: room }) + icon;
  };
  const power = data.power;
  const powerText = power
    ? `${POWER_WORDS[power.state]}${power.batteryPercent !== null && power.state !== 'no_battery' ? ` ${power.batteryPercent}%` : ''}`
    : MISSING;
  const docker = data.docker;
  const dockerText = !docker ? MISSING : docker.engine === 'unreachable' ? 'Stopped' : `Running ${docker.running}/${docker.total}`;
  const firstTop = TITLE_HEIGHT + 12;
  return svgDocument([
    titleBar('STATUS', position),
    row(0, 'POWER', powerText, power && power.state !== 'no_battery' ? batteryIcon(WIDTH - MARGIN - 38, firstTop, power.batteryPercent) : ''),
    row(1, 'INTERNET', data.internet === null ? MISSING : data.internet ? 'Connected' : 'Offline', tick(WIDTH - MARGIN - 16, firstTop + ROW, data.internet)),
    row(2, 'DOCKER', dockerText, tick(WIDTH - MARGIN - 16, firstTop + 2 * ROW, docker ? docker.engine === 'running' : null)),
  ]);
}
