import path from 'node:path';
import type { ButtonName } from '@mapio/contracts';
import { BoardSession, mapioBoard } from '@mapio/hal';
import { osReleaseFiles, packageVersion, readDeviceIdentity, type BaseConfig, type ConfigOf, type DaemonContext, type Feature } from '@mapio/runtime';
import { ButtonsFeature } from './buttons/buttons-feature';
import type { displayConfigFields } from './config';
import { DisplayCommandsFeature } from './home-assistant/display-commands';
import { DisplayDiscoveryFeature } from './home-assistant/display-discovery';
import { LocalFacts } from './host/local-facts';
import { PanelFeature } from './panel/panel-feature';
import { ScreenRenderer } from './render/screen-renderer';
import { ScreenController } from './screen/screen-controller';
import { DisplayStore } from './state/display-inputs';
import { StateSubscriptions } from './state/state-subscriptions';
import { CustomPhoto } from './views/custom-photo';

export type DisplayConfig = BaseConfig & ConfigOf<typeof displayConfigFields>;

/** The display's features, in start order (they stop in reverse). */
export function displayFeatures({ config, logger, bus }: DaemonContext<DisplayConfig>): Feature[] {
  const log = (feature: string) => logger.child({ feature });
  const board = new BoardSession(
    { hardware: config.hardware, simDir: config.simDir, simPanel: config.simPanel },
    mapioBoard,
    log('board'),
  );
  const panel = new PanelFeature(
    board,
    {
      refresh: {
        fullEvery: config.fullRefreshEvery,
        fullAfterMs: config.fullRefreshMinutes * 60_000,
        fullKind: config.fullRefreshKind,
      },
    },
    log('e-paper'),
  );
  const store = new DisplayStore();
  const screens = new ScreenController({
    scheduler: () => panel.scheduler,
    store,
    facts: new LocalFacts({ dataDir: config.dataDir, osReleaseFiles: osReleaseFiles(config.osReleaseFile) }),
    customPhoto: new CustomPhoto(config.customImage ?? path.join(config.dataDir, 'homeassistant', 'media', 'epaper.jpg'), log('views')),
    renderer: new ScreenRenderer(),
    bus,
    logger: log('views'),
    notificationTimeoutMs: config.notifyTimeoutS * 1000,
  });
  const onPress = (button: ButtonName) => {
    bus.publish('mapio/display/button', { button, at: new Date().toISOString() });
    screens.press(button);
  };
  return [
    board,
    panel,
    new StateSubscriptions(bus, store),
    screens,
    new ButtonsFeature(board, config.debounceMs, onPress, log('buttons')),
    new DisplayCommandsFeature(bus, screens, log('home-assistant-commands')),
    new DisplayDiscoveryFeature(bus, packageVersion(__dirname), log('home-assistant-discovery'), () =>
      readDeviceIdentity({ osReleaseFiles: osReleaseFiles(config.osReleaseFile) }),
    ),
  ];
}
