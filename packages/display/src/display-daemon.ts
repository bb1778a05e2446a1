import path from 'node:path';
import type { ButtonName } from '@mapio/contracts';
import { BoardSession, mapioBoard } from '@mapio/hal';
import { osReleaseFiles, type BaseConfig, type ConfigOf, type DaemonContext, type Feature } from '@mapio/runtime';
import { ButtonsFeature } from './buttons/buttons-feature';
import type { displayConfigFields } from './config';
import { ButtonTriggersFeature } from './home-assistant/button-triggers';
import { LocalFacts } from './host/local-facts';
import { PanelFeature } from './panel/panel-feature';
import { ScreenRenderer } from './render/screen-renderer';
import { ScreenController } from './screen-controller';
import { DisplayStore } from './state/display-inputs';
import { StateSubscriptions } from './state/state-subscriptions';
import { CustomPhoto } from './views/custom-photo';

export type DisplayConfig = BaseConfig & ConfigOf<typeof displayConfigFields>;

/** The display's features, in start order (they stop in reverse). */
export function displayFeatures({ config, logger, bus }: DaemonContext<DisplayConfig>): Feature[] {
  const board = new BoardSession({ hardware: config.hardware, simDir: config.simDir }, mapioBoard, logger.child({ component: 'hal' }));
  const panel = new PanelFeature(
    board,
    {
      refresh: {
        fullEvery: config.fullRefreshEvery,
        fullAfterMs: config.fullRefreshMinutes * 60_000,
        fullKind: config.fullRefreshKind,
      },
      simTiming: config.simPanel,
    },
    logger,
  );
  const store = new DisplayStore();
  const screens = new ScreenController({
    scheduler: () => panel.scheduler,
    store,
    facts: new LocalFacts({ dataDir: config.dataDir, osReleaseFiles: osReleaseFiles(config.osReleaseFile) }),
    customPhoto: new CustomPhoto(config.customImage ?? path.join(config.dataDir, 'homeassistant', 'media', 'epaper.jpg'), logger),
    renderer: new ScreenRenderer(),
    bus,
    logger,
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
    new ButtonsFeature(board, config.debounceMs, onPress, logger),
    new ButtonTriggersFeature(bus, logger),
  ];
}
