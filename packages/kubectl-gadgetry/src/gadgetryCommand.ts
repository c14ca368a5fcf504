import { spawn } from 'node:child_process';
import { GadgetryError } from '@gadgetry/errors';
import type { AgentForward } from './AgentForwards.js';
import type { PluginArgs } from './pluginArgs.js';

/** Runs the gadgetry command with these arguments; resolves to its exit status. */
export type GadgetryLauncher = (args: string[]) => Promise<number>;

export class GadgetryCliMissingError extends GadgetryError {
  constructor(message: string) {
    super('K8S_GADGETRY_CLI_MISSING', message);
  }
}

/**
 * The gadgetry command line for the forwarded agents: `--remote` lists their
 * local addresses (each agent tags its events with its own --node-name), and
 * `-n` becomes the Kubernetes enricher's namespace filter, applied by each
 * agent in its kernel. No --tls-* files: the client then speaks plaintext,
 * which here travels inside the API server's authenticated TLS port-forward
 * and reaches the agent on its pod's loopback (charts/gadgetry runs it with
 * --insecure on 127.0.0.1 only).
 */
export function gadgetryArgs(args: PluginArgs, forwards: AgentForward[]): string[] {
  const out: string[] = [args.command, ...args.rest];
  if (args.namespace !== undefined) out.push('--k8s-namespace', args.namespace);
  out.push('--remote', forwards.map((f) => f.address).join(','));
  return out;
}

/**
 * Starts GADGETRY_BIN (or `gadgetry` from PATH) as a child sharing our
 * terminal and passes on SIGTERM. Resolves to its exit status (128+n after a
 * signal).
 */
export function spawnGadgetry(env: NodeJS.ProcessEnv = process.env): GadgetryLauncher {
  const bin = env.GADGETRY_BIN || 'gadgetry';
  return (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, args, { stdio: 'inherit', env });
      const term = () => child.kill('SIGTERM');
      // Ctrl-C reaches the child (same process group): we stay up, so the port-forwards
      // carry its last messages, and end after it
      const ignore = () => {};
      process.on('SIGTERM', term);
      process.on('SIGINT', ignore);
      const done = () => (process.off('SIGTERM', term), process.off('SIGINT', ignore));
      child.once('error', (err: NodeJS.ErrnoException) => {
        done();
        reject(err.code === 'ENOENT' ? new GadgetryCliMissingError(`cannot run ${JSON.stringify(bin)}: not found; install gadgetry (npm i -g gadgetry) or set GADGETRY_BIN`) : err);
      });
      child.once('exit', (code, signal) => {
        done();
        resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15));
      });
    });
}
