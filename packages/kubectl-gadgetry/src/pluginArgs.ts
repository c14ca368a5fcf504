import { GadgetryError } from '@gadgetry/errors';

/** Where the chart puts the agents, and the labels their pods carry (charts/gadgetry). */
export const DEFAULT_AGENT_NAMESPACE = 'gadgetry';
export const DEFAULT_AGENT_SELECTOR = 'app.kubernetes.io/name=gadgetry,app.kubernetes.io/component=agent';

/** The gadgetry commands that work against remote agents. */
export const REMOTE_COMMANDS = ['run', 'list', 'describe'] as const;

export interface PluginArgs {
  command: (typeof REMOTE_COMMANDS)[number] | 'help';
  /** -n/--namespace: only events of pods in this namespace (run only). */
  namespace?: string;
  agentNamespace: string;
  agentSelector: string;
  /** Everything else, in order, for the gadgetry command. */
  rest: string[];
}

export class PluginUsageError extends GadgetryError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export const PLUGIN_HELP = `Usage: kubectl gadgetry <run|list|describe> [gadget] [options]

Runs gadgetry against the Gadgetry agent on every node (the charts/gadgetry
DaemonSet), reached through the API server's port-forward.

  -n, --namespace NS        only events of pods in namespace NS (run)
  --agent-namespace NS      where the chart is installed (default ${DEFAULT_AGENT_NAMESPACE})
  --agent-selector SEL      labels of the agent pods (default ${DEFAULT_AGENT_SELECTOR})
  other options             passed to gadgetry (see gadgetry run --help)

Example: kubectl gadgetry run trace_exec -n default
`;

/** Reads the plugin's command line; refuses a flag of its own that lacks its value. */
export function parsePluginArgs(argv: string[]): PluginArgs {
  const out: PluginArgs = { command: 'help', agentNamespace: DEFAULT_AGENT_NAMESPACE, agentSelector: DEFAULT_AGENT_SELECTOR, rest: [] };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const own = ['-n', '--namespace', '--agent-namespace', '--agent-selector'].includes(name);
    if (own) {
      const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (name === arg && value.startsWith('-'))) throw new PluginUsageError(`${name} needs a value`);
      if (name === '-n' || name === '--namespace') out.namespace = value;
      else if (name === '--agent-namespace') out.agentNamespace = value;
      else out.agentSelector = value;
    } else if ((arg === '-h' || arg === '--help') && command === undefined) {
      command = 'help';
    } else if (command === undefined && !arg.startsWith('-')) {
      command = arg;
    } else {
      out.rest.push(arg);
    }
  }
  if (command === undefined || command === 'help') return out;
  if (!(REMOTE_COMMANDS as readonly string[]).includes(command)) {
    throw new PluginUsageError(`unknown command "${command.slice(0, 40)}"; kubectl gadgetry supports ${REMOTE_COMMANDS.join(', ')}`);
  }
  if (out.namespace !== undefined && command !== 'run') throw new PluginUsageError('-n/--namespace applies to run only');
  out.command = command as PluginArgs['command'];
  return out;
}
