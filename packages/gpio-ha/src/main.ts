#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';
import { gpioHaConfigFields } from './config';
import { gpioHaFeatures } from './gpio-ha-features';

void runDaemon({
  name: 'gpio-ha',
  version: packageVersion(__dirname),
  summary: 'relay, LEDs, battery and Linky in Home Assistant over MQTT',
  config: gpioHaConfigFields,
  homeAssistantPrefix: (config) => config.haPrefix,
  features: gpioHaFeatures,
});
