import type { MonoImage } from '@mapio/epd-waveshare';
import type { LocalFactsSnapshot } from '../host/local-facts';
import type { DisplayInputs } from '../state/display-inputs';
import { formatClock } from './format';
import type { PageName, Screen, WebServerData } from './view-data';

export interface ScreenSources {
  inputs: DisplayInputs;
  facts: LocalFactsSnapshot;
  now: Date;
  customPhoto: MonoImage | null;
}

/** The screen that takes over the pages, if any: an OS update, or first-boot work. */
export function takeoverView(inputs: DisplayInputs, otaFailureDismissed: boolean): 'ota' | 'init' | null {
  const ota = inputs.ota;
  if (ota && ota.phase !== 'idle' && !(ota.phase === 'failed' && otaFailureDismissed)) return 'ota';
  const init = inputs.init;
  if (init && (init.phase === 'growing' || init.phase === 'checking')) return 'init';
  return null;
}

export function takeoverScreen(view: 'ota' | 'init', inputs: DisplayInputs): Screen | null {
  if (view === 'ota') return inputs.ota ? { view: 'ota', data: inputs.ota } : null;
  return inputs.init ? { view: 'init', data: inputs.init } : null;
}

export function pageScreen(page: PageName, sources: ScreenSources): Screen {
  const { inputs, facts, now } = sources;
  switch (page) {
    case 'home':
      return { view: 'home', data: { clock: formatClock(now), ip: facts.ip, osVersion: facts.osVersion } };
    case 'system':
      return {
        view: 'system',
        data: {
          cpuPercent: facts.cpuPercent,
          ramPercent: facts.ramPercent,
          diskPercent: facts.diskPercent,
          uptimeSeconds: facts.uptimeSeconds,
          batteryVolts: inputs.power?.batteryVolts ?? null,
          temperatureC: facts.temperatureC,
        },
      };
    case 'webserver':
      return { view: 'webserver', data: webServerData(inputs, now) };
    case 'status': {
      const docker = inputs.docker;
      return {
        view: 'status',
        data: {
          power: inputs.power,
          internet: inputs.network?.internet ?? null,
          docker: docker
            ? { engine: docker.engine, running: docker.services.filter((s) => s.state === 'running').length, total: docker.services.length }
            : null,
        },
      };
    }
    case 'custom':
      return { view: 'custom', photo: sources.customPhoto };
  }
}

/** The QR code opens the pairing URL (logged in) while its token is valid, else the plain URL. */
export function webServerData(inputs: DisplayInputs, now: Date): WebServerData {
  const { http, pairing, wifiAp } = inputs;
  const plainUrl = http?.urls[0] ?? null;
  const pairingValid = pairing !== null && Date.parse(pairing.expiresAt) > now.getTime();
  return {
    enabled: http?.enabled ?? null,
    address: plainUrl ? plainUrl.replace(/^https?:\/\//, '').replace(/\/$/, '') : null,
    qrUrl: pairingValid ? pairing.url : plainUrl,
    loggedIn: pairingValid,
    pairingCode: pairingValid ? (pairing.code ?? null) : null,
    accessPoint: wifiAp?.active ? { ssid: wifiAp.ssid, password: wifiAp.password } : null,
  };
}
