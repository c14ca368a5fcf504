import type { CliIO } from '../CliIO.js';
import type { HeadlessRunSpec } from '../../runner/HeadlessRunner.js';
import { checkRunName } from '../../runner/headless/runName.js';
import { withHeadless, type HeadlessHook } from '../headlessHook.js';
import type { ParsedArgs } from '../parseArgs.js';

/** `gadgetry run --detach --name X <gadget> [params]`: the agent starts and keeps the run; prints its name. */
export async function detachCommand(
  spec: Omit<HeadlessRunSpec, 'createdAt'>,
  args: ParsedArgs,
  hook: HeadlessHook | undefined,
  io: CliIO,
): Promise<number> {
  checkRunName(spec.name);
  const status = await withHeadless(hook, 'run --detach', args, (headless) => headless.detach(spec));
  io.out(`${status.name}\n`);
  return 0;
}
