import path from 'node:path';
import { ChildDaemon, daemonMain } from '@mapio/testkit';

/**
 * mapio-display on a simulated board under `dir` (`dir/hardware`: buttons FIFO, `epd/current.png`),
 * with the emulated panel at test speed and JSON logs, talking to the broker at `brokerUrl`.
 */
export function spawnSimDisplay(brokerUrl: string, dir: string, env: Record<string, string> = {}): ChildDaemon {
  return ChildDaemon.spawn(daemonMain('display'), [], {
    MAPIO_MQTT_URL: brokerUrl,
    MAPIO_HARDWARE: 'sim',
    MAPIO_SIM_DIR: path.join(dir, 'hardware'),
    MAPIO_DATA_DIR: dir,
    MAPIO_LOG_FORMAT: 'json',
    MAPIO_DISPLAY_SIM_PANEL: 'fast',
    ...env,
  });
}
