#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';

void runDaemon({
  name: 'webserver-back',
  version: packageVersion(__dirname),
  summary: 'HTTP API on :8456: Docker services, OS update, SSH keys, Wi-Fi, network',
  config: {},
  features: () => [],
});
