#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';
import { displayConfigFields } from './config';
import { displayFeatures } from './display-features';

void runDaemon({
  name: 'display',
  version: packageVersion(__dirname),
  summary: 'e-paper views and buttons',
  config: displayConfigFields,
  homeAssistantPrefix: (config) => config.haPrefix,
  features: displayFeatures,
});
