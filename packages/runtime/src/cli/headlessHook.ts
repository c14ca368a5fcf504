import type { HeadlessRunner } from '../runner/HeadlessRunner.js';
import { AgentRequiredError } from '../runner/headless/headlessErrors.js';
import type { ParsedArgs } from './parseArgs.js';

/** A HeadlessRunner a command uses; `disconnect` (when present) runs once the command is done with it. */
export interface HeadlessClient extends HeadlessRunner {
  disconnect?(): void | Promise<void>;
}

/**
 * Where `run --detach`, `attach`, `ps` and `rm` get the runs from: an agent
 * that keeps them (`gadgetry serve` plugs its client in here). The command's
 * parsed arguments let the hook read options of its own, such as an address.
 */
export type HeadlessHook = (args: ParsedArgs) => Promise<HeadlessClient>;

/** Runs `use` with the hook's runner and disconnects after; without a hook, one line saying an agent is needed. */
export async function withHeadless<T>(hook: HeadlessHook | undefined, command: string, args: ParsedArgs, use: (runner: HeadlessClient) => Promise<T>): Promise<T> {
  if (!hook) throw new AgentRequiredError(command);
  const client = await hook(args);
  try {
    return await use(client);
  } finally {
    await client.disconnect?.();
  }
}
