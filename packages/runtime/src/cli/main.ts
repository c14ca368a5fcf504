import type { CliIO } from './CliIO.js';
// Each command's code is imported when it runs: `list` does not pay for what `run` needs.
import { parseArgs, takeAll, type ParsedArgs } from './parseArgs.js';
import { GLOBAL_BOOLEANS, parseCommandArgs } from './commandOptions.js';
import { ATTACH_HELP, DESCRIBE_HELP, DOCTOR_HELP, GLOBAL_HELP, LIST_CONTAINERS_HELP, LIST_HELP, PS_HELP, RM_HELP, RUN_HELP, SERVE_HELP, UI_HELP, VERSION_HELP } from './help.js';
import { UI_MISSING, parseUiListen } from './UiSupport.js';
import type { HeadlessHook } from './headlessHook.js';
import { AgentRequiredError } from '../runner/headless/headlessErrors.js';
import { RemoteUnavailableError, scanRemoteFlags, type RemoteSupport } from './RemoteSupport.js';
import { DEFAULT_STATE_DIR, agentHeadlessHook, agentHeadlessRuns, withDefaultAgent } from './agentHeadless.js';
import { takeFlag } from './parseArgs.js';
import type { GadgetRunner } from '../runner/GadgetRunner.js';
import type { RunCommandOptions } from './commands/run.js';
import { versionCommand } from './commands/version.js';
import { LocalRunner } from '../runner/LocalRunner.js';
import { GadgetCatalog } from '../registry/GadgetCatalog.js';
import { TrustPolicy, invokingOwners } from '../registry/TrustPolicy.js';
import { GadgetryError, UsageError, errorReport, exitStatusOf } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';
import { markProcessPhase } from '../lifecycle/startupPhases.js';

const COMMAND_HELP: Record<string, string> = {
  run: RUN_HELP,
  list: LIST_HELP,
  describe: DESCRIBE_HELP,
  version: VERSION_HELP,
  doctor: DOCTOR_HELP,
  'list-containers': LIST_CONTAINERS_HELP,
  attach: ATTACH_HELP,
  ps: PS_HELP,
  rm: RM_HELP,
  serve: SERVE_HELP,
  ui: UI_HELP,
};

const COMMANDS = 'run, attach, ps, rm, list, describe, ui, serve, list-containers, doctor, version';

const helpFor = (topic: string | undefined) => (topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined);

/** Gadgets from --gadget-path, GADGETRY_PATH and the runtime's own node_modules; never from the working directory. */
function catalogFor(args: ParsedArgs, io: CliIO, installDirs: string[] | undefined): GadgetCatalog {
  const catalog = new GadgetCatalog({
    gadgetPaths: takeAll(args, 'gadget-path'),
    envPath: io.env.GADGETRY_PATH,
    installDirs,
    trust: new TrustPolicy(invokingOwners(io.env)),
    warn: (line) => io.err(`warning: ${line}\n`),
  });
  markProcessPhase('discovery');
  return catalog;
}

export interface MainOptions extends Pick<RunCommandOptions, 'onRun' | 'metrics' | 'ui'> {
  /** Package folders the runtime came with (the gadgetry CLI package): gadgets installed beside them are found too. */
  installDirs?: string[];
  /**
   * Where headless runs are kept (run --detach, attach, ps, rm): the client
   * of an agent. Absent, those commands say they need one (gadgetry serve).
   */
  headless?: HeadlessHook;
  /** Agents and --remote (the gadgetry command passes @gadgetry/remote's); absent, those say how to get it. */
  remote?: RemoteSupport;
}

/**
 * The runner a command uses: the agents --remote names, or this host. `use`
 * runs with it; the connections are closed after.
 */
async function withRunner(argv: string[], io: CliIO, remote: RemoteSupport | undefined, local: () => GadgetRunner, use: (runner: GadgetRunner) => Promise<number>): Promise<number> {
  const { addresses, tls } = scanRemoteFlags(argv);
  if (!addresses) {
    if (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined) throw new UsageError('--tls-ca, --tls-cert and --tls-key are for --remote agents; add --remote <address>');
    return use(local());
  }
  if (!remote) throw new RemoteUnavailableError('--remote');
  const connection = remote.connect(addresses, tls);
  for (const w of connection.warnings ?? []) io.err(`warning: ${w}\n`);
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
      if (!text) throw new UsageError(`unknown command ${quoteInput(command)}; commands: ${COMMANDS}`);
      io.out(text);
      return 0;
    }
    const strict = command !== 'run' ? parseCommandArgs(argv, command) : undefined;
    const local = () => new LocalRunner(catalogFor(args, io, installDirs));
    // Headless runs live in an agent: the one --remote names, or this host's (gadgetry serve's default socket).
    const headless = hooks.headless ?? (remote ? agentHeadlessHook(argv, remote) : undefined);
    const agentArgv = (given: string[]) => (hooks.headless || !remote ? given : withDefaultAgent(given));
    switch (command) {
      case 'list':
        return await withRunner(argv, io, remote, local, async (runner) => (await import('./commands/list.js')).listCommand(args, runner, io));
      case 'describe':
        return await withRunner(argv, io, remote, local, async (runner) => (await import('./commands/describe.js')).describeCommand(rest, runner, io));
      case 'serve': {
        if (!remote) throw new RemoteUnavailableError('gadgetry serve');
        const stopped = new Promise<void>((resolve) => hooks.onRun?.(() => resolve()));
        const catalog = catalogFor(args, io, installDirs);
        const kept = agentHeadlessRuns(takeFlag(strict!, 'state-dir') ?? DEFAULT_STATE_DIR, io);
        try {
          return await remote.serve(strict!, io, { localRunner: (node) => new LocalRunner(catalog, { node }), headlessRunner: kept.make, stopped });
        } finally {
          await kept.close();
        }
      }
      case 'ui': {
        const listen = parseUiListen(takeFlag(strict!, 'listen'), takeFlag(strict!, 'ui-token'), '--listen');
        const ui = hooks.ui;
        if (!ui?.launch) throw new UsageError(UI_MISSING);
        const stopped = new Promise<void>((resolve) => hooks.onRun?.(() => resolve()));
        return await withRunner(argv, io, remote, local, (runner) => ui.launch!(runner, listen, io, stopped));
      }
      case 'version':
        return versionCommand(io);
      case 'list-containers':
        return (await import('./commands/listContainers.js')).listContainersCommand(args, io);
      case 'doctor':
        return await (await import('./commands/doctor.js')).doctorCommand(catalogFor(args, io, installDirs), io);
      case 'attach':
        // the gadget's info comes from the agent that keeps the run; without an agent there is nothing to attach to
        if (!headless) throw new AgentRequiredError('attach');
        return await withRunner(agentArgv(argv), io, remote, local, async (runner) => (await import('./commands/attach.js')).attachCommand(args, runner, io, { verbose, ...hooks, headless }));
      case 'ps':
        return await (await import('./commands/ps.js')).psCommand(args, io, headless);
      case 'rm':
        return await (await import('./commands/rm.js')).rmCommand(args, io, headless, verbose);
      case 'run': {
        const runArgv = argv.slice(argv.indexOf('run') + 1);
        const runnerArgv = args.flags.has('detach') ? agentArgv(runArgv) : runArgv;
        return await withRunner(runnerArgv, io, remote, local, async (runner) => (await import('./commands/run.js')).runCommand(runArgv, { positionals: rest, flags: args.flags }, runner, io, { verbose, help, ...hooks, headless }));
      }
      default:
        throw new UsageError(`unknown command ${quoteInput(command)}; commands: ${COMMANDS} (see gadgetry --help)`);
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
