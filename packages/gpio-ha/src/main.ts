#!/usr/bin/env node
import path from 'node:path';
import { BoardSession, mapioBoard } from '@mapio/hal';
import { packageVersion, runDaemon } from '@mapio/runtime';
import { gpioHaConfig } from './config';
import { DiscoveryPublisher } from './home-assistant/discovery-publisher';
import { LinkyTic } from './linky/linky-tic';
import { PowerMonitor } from './power/power-monitor';
import { RelayStateFile } from './relay/relay-state-file';
import { RelaySwitch } from './relay/relay-switch';
import { StatusLeds } from './status-leds/status-leds';
import { UserLedLight } from './user-led/user-led-light';

const version = packageVersion(__dirname);

void runDaemon({
  name: 'gpio-ha',
  version,
  summary: 'relay, LEDs, battery and Linky in Home Assistant over MQTT',
  config: gpioHaConfig,
  homeAssistantPrefix: (config) => config.haPrefix,
  features: ({ config, logger, bus }) => {
    const log = (feature: string) => logger.child({ feature });
    const board = new BoardSession(
      { hardware: config.hardware, simDir: config.simDir },
      { ...mapioBoard, leds: { ...mapioBoard.leds, root: config.ledsRoot }, tic: { device: config.ticDevice } },
      log('board'),
    );
    const discovery = new DiscoveryPublisher(bus, { version, settleMs: 1500 }, log('discovery'));
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
  },
});
