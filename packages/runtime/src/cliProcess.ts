import { main } from './cli/main.js';
import type { RemoteSupport } from './cli/RemoteSupport.js';
import type { MetricsSupport } from './cli/MetricsSupport.js';
import type { UiSupport } from './cli/UiSupport.js';
import { processIO } from './cli/CliIO.js';
import { guardModuleResolution } from './registry/guardModuleResolution.js';
import { TrustPolicy, invokingOwners } from './registry/TrustPolicy.js';
import { beginProcessStartup, markProcessPhase } from './lifecycle/startupPhases.js';

export interface CliProcessOptions {
  /** Package folders the runtime came with (the gadgetry CLI package): gadgets installed beside them are found too. */
  installDirs?: string[];
  /** Agents and --remote: @gadgetry/remote's support (the gadgetry command passes it). */
  remote?: RemoteSupport;
  /** --metrics and --otlp: @gadgetry/metrics' support (the gadgetry command passes it). */
  metrics?: MetricsSupport;
  /** --ui and gadgetry ui: @gadgetry/webview's support (the gadgetry command passes it). */
  ui?: UiSupport;
  /** performance.now() at the command's first line: how long Node took to start (RunStats.startup reports it). */
  startedAt?: number;
}

/**
 * The `gadgetry` command in this process: reads process.argv, handles Ctrl-C,
 * SIGTERM and a closed stdout, and sets the exit status.
 */
export async function runCliProcess(options: CliProcessOptions = {}): Promise<void> {
  if (options.startedAt !== undefined) {
    beginProcessStartup(options.startedAt);
    markProcessPhase('runtime import');
  }
  // Everything imported from here on, gadgets' own dependencies included, obeys the trust rules.
  guardModuleResolution(new TrustPolicy(invokingOwners(process.env)));

  let stopRun: (() => void) | undefined;
  let interrupts = 0;
  const onSignal = () => {
    // First Ctrl-C ends the run cleanly; a second one gives up on cleanup.
    if (++interrupts > 1 || !stopRun) process.exit(130);
    stopRun();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // A closed pipe (gadgetry run … | head) ends the run quietly.
    if (err.code === 'EPIPE') stopRun ? stopRun() : process.exit(0);
  });

  const code = await main(process.argv.slice(2), processIO, { installDirs: options.installDirs, remote: options.remote, metrics: options.metrics, ui: options.ui, onRun: (stop) => (stopRun = stop) });
  process.exitCode = code;
  // Output a stalled reader never took was counted as lost: exit instead of waiting on it.
  if (processIO.stdout?.abandoned) process.exit(code);
}
