import { GadgetryError, exitStatusOfCode, oneLine } from '@gadgetry/errors';
import { loadKubeConfig } from '@gadgetry/operator-kubernetes';
import { AgentForwards } from './AgentForwards.js';
import { findAgentPods } from './findAgentPods.js';
import { gadgetryArgs, spawnGadgetry, type GadgetryLauncher } from './gadgetryCommand.js';
import { PLUGIN_HELP, parsePluginArgs } from './pluginArgs.js';

export interface PluginIo {
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  err?: (line: string) => void;
  /** How the gadgetry command is run (a child process by default). */
  launch?: GadgetryLauncher;
}

/** One line for an error: its message and, for ours, its code. */
function describe(err: unknown): string {
  if (err instanceof GadgetryError) return `${err.message} [${err.code}]`;
  return oneLine(err instanceof Error ? err.message : String(err));
}

/**
 * kubectl gadgetry: finds the agent pods, forwards a local port to each, runs
 * gadgetry against them and returns its exit status (ours: 2 for usage, 1 for
 * a failure, each with one line on stderr).
 */
export async function main(argv: string[], io: PluginIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((t) => process.stdout.write(t));
  const err = io.err ?? ((l) => process.stderr.write(`${l}\n`));
  let forwards: AgentForwards | undefined;
  try {
    const args = parsePluginArgs(argv);
    if (args.command === 'help') {
      out(PLUGIN_HELP);
      return argv.length === 0 ? 2 : 0;
    }
    const kc = await loadKubeConfig(env);
    const pods = await findAgentPods(kc, args.agentNamespace, args.agentSelector, (l) => err(`kubectl-gadgetry: ${l}`));
    forwards = new AgentForwards(kc, (e) => err(`kubectl-gadgetry: ${describe(e)}`));
    const opened = await forwards.open(pods);
    for (const f of opened) err(`kubectl-gadgetry: node ${f.pod.nodeName}: agent ${f.pod.namespace}/${f.pod.name} on ${f.address}`);
    return await (io.launch ?? spawnGadgetry(env))(gadgetryArgs(args, opened));
  } catch (e) {
    err(`kubectl-gadgetry: ${describe(e)}`);
    return exitStatusOfCode((e as { code?: unknown })?.code);
  } finally {
    await forwards?.close();
  }
}
