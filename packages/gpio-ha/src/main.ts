#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';

void runDaemon({
  name: 'gpio-ha',
  version: packageVersion(__dirname),
  summary: 'relay, LEDs, battery and Linky in Home Assistant over MQTT',
  config: {},
  features: () => [],
});
