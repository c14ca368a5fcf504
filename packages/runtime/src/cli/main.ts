import type { CliIO } from './CliIO.js';
import { parseArgs, takeAll, type ParsedArgs } from './parseArgs.js';
import { GLOBAL_BOOLEANS, parseCommandArgs } from './commandOptions.js';
import { DESCRIBE_HELP, DOCTOR_HELP, GLOBAL_HELP, LIST_CONTAINERS_HELP, LIST_HELP, RUN_HELP, SERVE_HELP, VERSION_HELP } from './help.js';
import { RemoteUnavailableError, scanRemoteFlags, type RemoteSupport } from './RemoteSupport.js';
import type { GadgetRunner } from '../runner/GadgetRunner.js';
import { listCommand } from './commands/list.js';
import { describeCommand } from './commands/describe.js';
import { runCommand, type RunCommandOptions } from './commands/run.js';
import { versionCommand } from './commands/version.js';
import { doctorCommand } from './commands/doctor.js';
import { listContainersCommand } from './commands/listContainers.js';
import { LocalRunner } from '../runner/LocalRunner.js';
import { GadgetCatalog } from '../registry/GadgetCatalog.js';
import { TrustPolicy, invokingOwners } from '../registry/TrustPolicy.js';
import { GadgetryError, UsageError, errorReport, exitStatusOf } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';

const COMMAND_HELP: Record<string, string> = {
  run: RUN_HELP,
  list: LIST_HELP,
  describe: DESCRIBE_HELP,
  version: VERSION_HELP,
  doctor: DOCTOR_HELP,
  'list-containers': LIST_CONTAINERS_HELP,
  serve: SERVE_HELP,
};

const helpFor = (topic: string | undefined) => (topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined);

/** Gadgets from --gadget-path, GADGETRY_PATH and the runtime's own node_modules; never from the working directory. */
function catalogFor(args: ParsedArgs, io: CliIO, installDirs: string[] | undefined): GadgetCatalog {
  return new GadgetCatalog({
    gadgetPaths: takeAll(args, 'gadget-path'),
    envPath: io.env.GADGETRY_PATH,
    installDirs,
    trust: new TrustPolicy(invokingOwners(io.env)),
    warn: (line) => io.err(`warning: ${line}\n`),
  });
}

export interface MainOptions extends Pick<RunCommandOptions, 'onRun'> {
  /** Package folders the runtime came with (the gadgetry CLI package): gadgets installed beside them are found too. */
  installDirs?: string[];
  /** Agents and --remote (the gadgetry command passes @gadgetry/remote's); absent, those say how to get it. */
  remote?: RemoteSupport;
}

/**
 * The runner a command uses: the agents --remote names, or this host. `use`
 * runs with it; the connections are closed after.
 */
async function withRunner(argv: string[], remote: RemoteSupport | undefined, local: () => GadgetRunner, use: (runner: GadgetRunner) => Promise<number>): Promise<number> {
  const { addresses, tls } = scanRemoteFlags(argv);
  if (!addresses) {
    if (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined) throw new UsageError('--tls-ca, --tls-cert and --tls-key are for --remote agents; add --remote <address>');
    return use(local());
  }
  if (!remote) throw new RemoteUnavailableError('--remote');
  const connection = remote.connect(addresses, tls);
  try {
    return await use(connection.runner);
  } finally {
    connection.close();
  }
}

/** Runs the CLI and returns its exit status; errors become one line on stderr. */
export async function main(argv: string[], io: CliIO, options: MainOptions = {}): Promise<number> {
  const { installDirs, remote, ...hooks } = options;
  try {
    // First pass, to find the command: every unknown flag takes a value, and one
    // left without a value at the end may be a gadget's boolean. Each command
    // then parses strictly: `run` once the gadget is known, the others below.
    const args = parseArgs(argv, GLOBAL_BOOLEANS, { lenient: true });
    const help = args.flags.has('help');
    const verbose = args.flags.has('verbose');
    args.flags.delete('help');
    args.flags.delete('verbose');
    const [command, ...rest] = args.positionals;
    if (args.flags.has('version') && !command) return versionCommand(io);
    if (!command || command === 'help') {
      const topic = rest[0];
      io.out(helpFor(topic) ?? GLOBAL_HELP);
      if (!command && !help) return 2;
      return 0;
    }
    if (help && command !== 'run') {
      const text = helpFor(command);
      if (!text) throw new UsageError(`unknown command ${quoteInput(command)}; commands: run, list, describe, serve, list-containers, doctor, version`);
      io.out(text);
      return 0;
    }
    const strict = command !== 'run' ? parseCommandArgs(argv, command) : undefined;
    const local = () => new LocalRunner(catalogFor(args, io, installDirs));
    switch (command) {
      case 'list':
        return await withRunner(argv, remote, local, (runner) => listCommand(args, runner, io));
      case 'describe':
        return await withRunner(argv, remote, local, (runner) => describeCommand(rest, runner, io));
      case 'serve': {
        if (!remote) throw new RemoteUnavailableError('gadgetry serve');
        const stopped = new Promise<void>((resolve) => hooks.onRun?.(() => resolve()));
        const catalog = catalogFor(args, io, installDirs);
        return await remote.serve(strict!, io, { localRunner: (node) => new LocalRunner(catalog, { node }), stopped });
      }
      case 'version':
        return versionCommand(io);
      case 'list-containers':
        return listContainersCommand(args, io);
      case 'doctor':
        return await doctorCommand(catalogFor(args, io, installDirs), io);
      case 'run': {
        const runArgv = argv.slice(argv.indexOf('run') + 1);
        return await withRunner(runArgv, remote, local, (runner) => runCommand(runArgv, { positionals: rest, flags: args.flags }, runner, io, { verbose, help, ...hooks }));
      }
      default:
        throw new UsageError(`unknown command ${quoteInput(command)}; commands: run, list, describe, serve, list-containers, doctor, version (see gadgetry --help)`);
    }
  } catch (err) {
    // messages echo what the user typed or what other users named things: errorReport escapes, one line
    const verbose = argv.includes('-v') || argv.includes('--verbose');
    io.err(errorReport(err, verbose));
    if (!(err instanceof GadgetryError)) {
      if (io.env.GADGETRY_DEBUG) io.err(`${(err as Error).stack ?? ''}\n`);
      return 1;
    }
    return exitStatusOf(err);
  }
}
