#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';

void runDaemon({
  name: 'display',
  version: packageVersion(__dirname),
  summary: 'e-paper views and buttons',
  config: {},
  features: () => [],
});
