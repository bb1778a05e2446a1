#!/usr/bin/env node
import { packageVersion, runDaemon } from '@mapio/runtime';
import { webserverConfigFields } from './config';
import { buildWebserver } from './webserver';

const version = packageVersion(__dirname);

void runDaemon({
  name: 'webserver-back',
  version,
  summary: 'HTTP API on :8456: Docker services and their jobs, pairing, the web front end',
  config: webserverConfigFields,
  features: (context) => buildWebserver(context, version),
});
