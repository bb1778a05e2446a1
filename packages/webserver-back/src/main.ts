#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';
import { webserverConfigFields } from './config';
import { webserverFeatures } from './webserver-features';

void runDaemon({
  name: 'webserver-back',
  version: packageVersion(__dirname),
  summary: 'HTTP API on :8456: Docker services, OS update, SSH keys, Wi-Fi, network',
  config: webserverConfigFields,
  features: webserverFeatures,
});
