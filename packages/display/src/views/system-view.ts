import type { Painter } from '../render/painter';
import { formatCelsius, formatPercent, formatUptime, formatVolts } from './format';
import { gauge, GAP, labelledValue, MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, SystemData } from './view-data';

const COLUMN = 125;
const ROW = 35;
/** "100%" at 18 px. */
const PERCENT_WIDTH = 44;

/** SYSTEM: CPU, RAM and data partition use (with gauges), uptime, battery voltage, temperature. */
export function systemView(painter: Painter, data: SystemData, position: PagePosition): void {
  const top = TITLE_HEIGHT + 2;
  const gaugeX = MARGIN + PERCENT_WIDTH + 2 * GAP;
  const gauged = (row: number, label: string, percent: number | null) => {
    const y = top + row * ROW;
    painter.text(MARGIN, y + 11, label, { size: 14, maxWidth: COLUMN - 2 * MARGIN });
    painter.text(MARGIN, y + 27, formatPercent(percent), { size: 18, maxWidth: PERCENT_WIDTH });
    gauge(painter, gaugeX, y + 15, COLUMN - gaugeX - 2 * MARGIN, 12, percent);
  };
  const plain = (row: number, label: string, value: string) => labelledValue(painter, COLUMN + MARGIN, top + row * ROW, COLUMN - 2 * MARGIN, label, value);
  titleBar(painter, 'SYSTEM', position);
  gauged(0, 'CPU', data.cpuPercent);
  gauged(1, 'RAM', data.ramPercent);
  gauged(2, 'DATA DISK', data.diskPercent);
  plain(0, 'UPTIME', formatUptime(data.uptimeSeconds));
  plain(1, 'BATTERY', formatVolts(data.batteryVolts));
  plain(2, 'TEMPERATURE', formatCelsius(data.temperatureC));
}
