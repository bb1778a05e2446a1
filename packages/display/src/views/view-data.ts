import type { InitState, OtaState, PageName, PowerState } from '@mapio/contracts';
import type { MonoImage } from '@mapio/epd-waveshare';

/** Where a page sits in the DOWN/UP cycle (1-based), shown in its title bar. */
export interface PagePosition {
  index: number;
  count: number;
}

export interface HomeData {
  /** HH:MM, already in local time. */
  clock: string | null;
  ip: string | null;
  osVersion: string | null;
}

export interface SystemData {
  cpuPercent: number | null;
  ramPercent: number | null;
  diskPercent: number | null;
  uptimeSeconds: number | null;
  batteryVolts: number | null;
  temperatureC: number | null;
}

export interface WebServerData {
  /** null: webserver-back has not said yet. */
  enabled: boolean | null;
  /** Where to browse to (shown as text). */
  address: string | null;
  /** What the QR code opens: the pairing URL (logged in) or, failing that, the plain URL. */
  qrUrl: string | null;
  loggedIn: boolean;
  /** The short code to type on the pairing page instead of scanning (while the pairing QR is shown). */
  pairingCode: string | null;
  /** The setup access point, when it is up. */
  accessPoint: { ssid: string; password: string } | null;
}

export interface StatusData {
  power: PowerState | null;
  internet: boolean | null;
  docker: { engine: 'running' | 'unreachable'; running: number; total: number } | null;
}

export type { PageName };

/** A message from Home Assistant's notify entity. */
export interface NotificationData {
  message: string;
}

/** Everything one frame shows: a page of the cycle or a screen that takes over. */
export type Screen =
  | { view: 'home'; data: HomeData }
  | { view: 'system'; data: SystemData }
  | { view: 'webserver'; data: WebServerData }
  | { view: 'status'; data: StatusData }
  | { view: 'custom'; photo: MonoImage | null }
  | { view: 'ota'; data: OtaState }
  | { view: 'init'; data: InitState }
  | { view: 'notification'; data: NotificationData };
