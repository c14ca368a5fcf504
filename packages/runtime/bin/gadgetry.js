#!/usr/bin/env -S node --max-semi-space-size=4
// Committed launcher so package managers can link the command before the first build.
// A small young generation: at high event rates the default lets it grow by
// tens of MiB for no gain in throughput (see tools/bench).
await import('../dist/cli.js');
