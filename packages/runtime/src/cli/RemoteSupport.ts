import type { GadgetRunner } from '../runner/GadgetRunner.js';
import type { HeadlessRunner } from '../runner/HeadlessRunner.js';
import type { CliIO } from './CliIO.js';
import type { ParsedArgs } from './parseArgs.js';
import { GadgetryError, UsageError } from '../errors.js';

/** Client TLS files for TCP agents (--tls-ca, --tls-cert, --tls-key): paths, read by the remote support. */
export interface RemoteTlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
}

/** Runners over one or more agents; `close` drops the connections. */
export interface RemoteConnection {
  /** Every agent as one runner: events tagged and shown with their node, one failing node reported while the others go on. */
  runner: GadgetRunner;
  /** The headless runs of the first agent. */
  headless(): HeadlessRunner;
  close(): void;
  /** What the user should know before the run: plaintext TCP to an agent beyond this host. One line each. */
  warnings?: string[];
}

/** What `gadgetry serve` gets from the runtime: the runner it serves and how to print. */
export interface ServeContext {
  /** Makes the agent's local runner; `node` tags its messages. */
  localRunner(node: string): GadgetRunner;
  /** Makes the agent's headless runs over its local runner, when the runtime keeps them. */
  headlessRunner?(runner: GadgetRunner, node: string): HeadlessRunner;
  /** Resolves once the agent is asked to stop (SIGINT, SIGTERM). */
  stopped: Promise<void>;
}

/**
 * Running gadgets on other hosts: implemented by @gadgetry/remote (gRPC) and
 * passed in by the gadgetry command, so the runtime itself needs no gRPC.
 */
export interface RemoteSupport {
  /** Connects to agents at `addresses` (unix:///path or host:port); unreachable agents fail on first use, not here. */
  connect(addresses: string[], tls: RemoteTlsOptions): RemoteConnection;
  /** `gadgetry serve`: runs an agent until ctx.stopped; returns the exit status. */
  serve(args: ParsedArgs, io: CliIO, ctx: ServeContext): Promise<number>;
}

/** --remote or serve where the runtime was given no RemoteSupport. */
export class RemoteUnavailableError extends GadgetryError {
  constructor(what: string) {
    super('REMOTE_UNAVAILABLE', `${what} needs remote support, which this embedding of @gadgetry/runtime lacks; use the gadgetry command (npm i -g gadgetry) or pass { remote } from @gadgetry/remote to runCli`);
  }
}

const REMOTE_FLAGS = ['remote', 'tls-ca', 'tls-cert', 'tls-key'] as const;

/**
 * --remote and the client --tls-* flags, read from the command line as typed:
 * the first pass over `run` cannot know the gadget's booleans, and one of them
 * (--failed --remote a) would take the flag as its value there.
 */
export function scanRemoteFlags(argv: string[]): { addresses?: string[]; tls: RemoteTlsOptions } {
  const found = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    for (const name of REMOTE_FLAGS) {
      let value: string | undefined;
      if (arg === `--${name}`) value = argv[++i];
      else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
      else continue;
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      found.set(name, [...(found.get(name) ?? []), value]);
    }
  }
  const last = (name: string) => found.get(name)?.at(-1);
  const remote = found.get('remote') ?? [];
  const addresses = remote.length ? remote.flatMap((v) => v.split(',')).map((a) => a.trim()) : undefined;
  return { addresses, tls: { ca: last('tls-ca'), cert: last('tls-cert'), key: last('tls-key') } };
}

/** Removes --remote and the client --tls-* flags from parsed args (read by scanRemoteFlags). */
export function dropRemoteFlags(args: ParsedArgs): void {
  for (const name of REMOTE_FLAGS) args.flags.delete(name);
}
