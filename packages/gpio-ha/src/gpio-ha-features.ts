import path from 'node:path';
import { BoardSession, mapioBoard } from '@mapio/hal';
import { osReleaseFiles, packageVersion, type BaseConfig, type ConfigOf, type DaemonContext, type Feature } from '@mapio/runtime';
import type { gpioHaConfigFields } from './config';
import { DiscoveryPublisher } from './home-assistant/discovery-publisher';
import { LinkyTic } from './linky/linky-tic';
import { PowerMonitor } from './power/power-monitor';
import { RelayStateFile } from './relay/relay-state-file';
import { RelaySwitch } from './relay/relay-switch';
import { StatusLeds } from './status-leds/status-leds';
import { UserLedLight } from './user-led/user-led-light';

export type GpioHaConfig = BaseConfig & ConfigOf<typeof gpioHaConfigFields>;

/** gpio-ha's features, in start order (they stop in reverse). */
export function gpioHaFeatures({ config, logger, bus }: DaemonContext<GpioHaConfig>): Feature[] {
  const log = (feature: string) => logger.child({ feature });
  const board = new BoardSession(
    { hardware: config.hardware, simDir: config.simDir },
    { ...mapioBoard, leds: { ...mapioBoard.leds, root: config.ledsRoot }, tic: { device: config.ticDevice } },
    log('board'),
  );
  const discovery = new DiscoveryPublisher(bus, { version: packageVersion(__dirname), settleMs: config.discoverySettleMs, osReleaseFiles: osReleaseFiles(config.osReleaseFile) }, log('home-assistant-discovery'));
  return [
    board,
    discovery,
    new RelaySwitch(board, bus, discovery, new RelayStateFile(path.join(config.dataDir, 'gpio-ha', 'relay1.json'), log('relay')), log('relay')),
    new UserLedLight(board, bus, discovery, log('user-led')),
    new PowerMonitor(
      board,
      bus,
      discovery,
      { sampleMs: config.batterySampleMs, heartbeatMs: config.powerHeartbeatMs, readingsPerSample: 5, readingSpacingMs: 100 },
      log('power'),
    ),
    new StatusLeds(board, bus, { graceMs: config.statusGraceMs }, log('status-leds')),
    new LinkyTic(
      board,
      bus,
      discovery,
      {
        device: config.ticDevice,
        mode: config.ticMode,
        publishMs: config.linkyPublishMs,
        enabled: config.linky,
        enableFile: path.join(config.dataDir, 'homeassistant', 'enable_linky'),
        labelExpiryMs: config.linkyLabelExpiryH * 3_600_000,
      },
      log('linky'),
    ),
  ];
}
