#!/usr/bin/env node
import { runInit } from './cli';

void runInit(process.argv.slice(2));
