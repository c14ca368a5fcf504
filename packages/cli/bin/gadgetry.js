#!/usr/bin/env -S node --max-semi-space-size=4
// The gadgetry command. A small young generation: at high event rates the
// default lets it grow by tens of MiB for no gain in throughput (see tools/bench).
// The time since the process started, before anything is imported: Node's own start-up.
const startedAt = performance.now();
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// the command's own entry: the library's index would import what only a run needs
const { runCliProcess } = await import('@gadgetry/runtime/cli-process');

// This package's folder: gadgets installed beside it (npm i -g gadget-x, or in
// the same project) are found as well as the standard ones it depends on.
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
// --remote and serve: the gRPC agent and client, loaded only for them (gRPC adds to every start)
const argv = process.argv.slice(2);
const remoteWanted = argv.includes('serve') || argv.some((a) => a === '--remote' || a.startsWith('--remote='));
const remote = remoteWanted ? (await import('@gadgetry/remote')).remoteSupport : undefined;
// --metrics and --otlp: prom-client and the OpenTelemetry SDK, loaded only for them
const metricsWanted = argv.some((a) => a === '--metrics' || a === '--otlp' || a.startsWith('--metrics=') || a.startsWith('--otlp='));
const metrics = metricsWanted ? (await import('@gadgetry/metrics')).metricsSupport : undefined;
// --ui and the ui command: the web view's server and bundled page, loaded only for them
const uiWanted = argv.includes('ui') || argv.some((a) => a === '--ui' || a.startsWith('--ui='));
const ui = uiWanted ? (await import('@gadgetry/webview')).uiSupport : undefined;
await runCliProcess({ installDirs: [packageDir], remote, metrics, ui, startedAt });
