import type { CliIO } from '../CliIO.js';
import { errorReport, exitStatusOf, UsageError } from '../../errors.js';
import { withHeadless, type HeadlessHook } from '../headlessHook.js';
import type { ParsedArgs } from '../parseArgs.js';

/** `gadgetry rm X [Y…]`: stops each run, frees its kernel objects and forgets its spec; prints each name removed. */
export async function rmCommand(args: ParsedArgs, io: CliIO, hook: HeadlessHook | undefined, verbose: boolean): Promise<number> {
  const names = args.positionals.slice(1);
  if (names.length === 0) throw new UsageError('rm needs the name of a headless run: gadgetry rm <name> [<name>...] (gadgetry ps lists them)');
  return withHeadless(hook, 'rm', args, async (headless) => {
    let code = 0;
    // one that cannot be removed is said and the others are still removed
    for (const name of names) {
      try {
        await headless.remove(name);
        io.out(`${name}\n`);
      } catch (err) {
        io.err(errorReport(err, verbose));
        code = Math.max(code, exitStatusOf(err));
      }
    }
    return code;
  });
}
