import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildDaemon, daemonMain, eventually, MqttRecorder } from '@mapio/testkit';

/** The simulated board and the data partition of one daemon under test. */
export interface Box {
  simDir: string;
  dataDir: string;
}

export function newBox(): Box {
  return {
    simDir: mkdtempSync(path.join(os.tmpdir(), 'mapio-gpio-ha-sim-')),
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'mapio-gpio-ha-data-')),
  };
}

/**
 * Starts the built mapio-gpio-ha on `box` and waits until its features run and the broker has its
 * `online`: that comes after the daemon's subscriptions on the same connection, so a command sent
 * then reaches it (its "started" log line alone is no such proof: the SUBSCRIBE may be in flight).
 */
export async function startGpioHa(brokerUrl: string, box: Box, env: NodeJS.ProcessEnv = {}): Promise<ChildDaemon> {
  const watcher = await MqttRecorder.connect(brokerUrl, ['mapio/gpio-ha/availability']);
  try {
    const daemon = ChildDaemon.spawn(daemonMain('gpio-ha'), [], {
      MAPIO_MQTT_URL: brokerUrl,
      MAPIO_HARDWARE: 'sim',
      MAPIO_SIM_DIR: box.simDir,
      MAPIO_DATA_DIR: box.dataDir,
      MAPIO_LOG_FORMAT: 'json',
      MAPIO_LINKY: 'off',
      // Short: only the suites about configs left by an earlier run need the broker's retained ones
      // collected, and they set it longer.
      MAPIO_HA_DISCOVERY_SETTLE_MS: '300',
      ...env,
    });
    await daemon.waitForLog((line) => line.msg === 'started', 20_000);
    // Live (not retained) `online`: this daemon's, not one an earlier daemon left on the broker.
    await eventually(() => watcher.messages.some((m) => m.payload === 'online' && !m.retain), 20_000, 'gpio-ha online');
    return daemon;
  } finally {
    await watcher.close();
  }
}

/** A file of the simulated board, trimmed (`gpio/gpiochip0/25`, `leds/LED3_G/trigger`, ...). */
export function simFile(box: Box, ...parts: string[]): string {
  return readFileSync(path.join(box.simDir, ...parts), 'utf8').trim();
}

/** What an RGB LED of the simulated board shows: brightness of R, G, B and their triggers. */
export function ledFiles(box: Box, led: string): { rgb: string; triggers: string } {
  const channels = ['R', 'G', 'B'];
  return {
    rgb: channels.map((c) => simFile(box, 'leds', `${led}_${c}`, 'brightness')).join(''),
    triggers: channels.map((c) => simFile(box, 'leds', `${led}_${c}`, 'trigger')).join(' '),
  };
}
