#!/usr/bin/env node
// kubectl finds this on PATH as the plugin `kubectl gadgetry`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
