#!/usr/bin/env -S node --max-semi-space-size=4
// The gadgetry command. A small young generation: at high event rates the
// default lets it grow by tens of MiB for no gain in throughput (see tools/bench).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliProcess } from '@gadgetry/runtime';

// This package's folder: gadgets installed beside it (npm i -g gadget-x, or in
// the same project) are found as well as the standard ones it depends on.
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
await runCliProcess({ installDirs: [packageDir] });
