import type { CliIO } from './CliIO.js';
import type { HeadlessClient, HeadlessHook } from './headlessHook.js';
import { scanRemoteFlags, type RemoteSupport, type ServeContext } from './RemoteSupport.js';
import { HeadlessRuns } from '../runner/headless/HeadlessRuns.js';
import { UsageError, errorReport } from '../errors.js';
import { escapeTerminal } from '@gadgetry/errors';

/** Where `gadgetry serve` listens by default, and so where headless commands look for it. */
export const DEFAULT_AGENT_ADDRESS = 'unix:///run/gadgetry/gadgetry.sock';
/** Where an agent saves the specs of its headless runs by default. */
export const DEFAULT_STATE_DIR = '/var/lib/gadgetry/runs';

/** The command line with this host's agent named when --remote names none: headless runs live in an agent. */
export function withDefaultAgent(argv: string[]): string[] {
  return scanRemoteFlags(argv).addresses ? argv : [...argv, '--remote', DEFAULT_AGENT_ADDRESS];
}

/** The headless runs of the one agent --remote names (this host's by default), over the remote support's client. */
export function agentHeadlessHook(argv: string[], remote: RemoteSupport): HeadlessHook {
  return async () => {
    const { addresses, tls } = scanRemoteFlags(withDefaultAgent(argv));
    if (addresses!.length !== 1) {
      throw new UsageError(`headless runs are kept by one agent: give --remote a single address, not ${addresses!.length}`);
    }
    const connection = remote.connect(addresses!, tls);
    const runs = connection.headless();
    const client: HeadlessClient = {
      detach: (spec) => runs.detach(spec),
      attach: (name, options) => runs.attach(name, options),
      list: () => runs.list(),
      remove: (name) => runs.remove(name),
      disconnect: () => connection.close(),
    };
    return client;
  };
}

/**
 * What `gadgetry serve` keeps headless runs with: HeadlessRuns over the
 * agent's runner, saved in `stateDir` and started again from there when the
 * agent starts. `close` stops them when the agent stops (their specs stay).
 */
export function agentHeadlessRuns(stateDir: string, io: CliIO): { make: NonNullable<ServeContext['headlessRunner']>; close(): Promise<void> } {
  let runs: HeadlessRuns | undefined;
  return {
    make(runner, node) {
      runs = new HeadlessRuns(runner, { stateDir, node });
      runs.resumeSaved().then(
        (statuses) => {
          for (const s of statuses) {
            const name = escapeTerminal(s.name);
            if (s.state === 'failed') io.err(`warning: headless run ${name} could not be started again: ${escapeTerminal(s.error?.line ?? 'unknown error')}\n`);
            else io.err(`resumed headless run ${name} (${escapeTerminal(s.gadget)})\n`);
          }
        },
        (err: unknown) => io.err(`warning: headless runs were not resumed: ${errorReport(err, false).replace(/^error: /, '')}`),
      );
      return runs;
    },
    async close() {
      await runs?.close();
    },
  };
}
