import { UsageError } from '../errors.js';
import { clipInput, quoteInput } from '@gadgetry/errors';

export interface ParsedArgs {
  positionals: string[];
  /** Flag name (without dashes) -> values in the order given. */
  flags: Map<string, string[]>;
}

export interface ParseOptions {
  /**
   * A first look before the booleans are known: a flag at the very end with
   * no value may be a boolean, so it is left out instead of refused.
   */
  lenient?: boolean;
  /** The flags that take a value; when given, any other flag (not in `booleans`) is refused. */
  valued?: Set<string>;
  /** Names the command in the refusal of an unknown flag. */
  command?: string;
}

const SHORT: Record<string, string> = { o: 'output', h: 'help', v: 'verbose' };

const helpHint = (command: string | undefined) => `see gadgetry ${command ? `${command} ` : ''}--help`;

/**
 * A small POSIX-style parser: `--name value`, `--name=value`, `-o value`,
 * boolean flags (`--failed`, `--failed=false`, `--failed false`), `--` ends flags.
 * `booleans` names the flags that take no value; a value may start with '-'
 * (`--sort -pid`).
 */
export function parseArgs(argv: string[], booleans: Set<string>, options: ParseOptions = {}): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const put = (name: string, value: string) => {
    const list = flags.get(name) ?? [];
    list.push(value);
    flags.set(name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const typed = arg.startsWith('--') ? `--${name}` : `-${name}`;
    if (!arg.startsWith('--')) {
      const long = Object.hasOwn(SHORT, name) ? SHORT[name] : undefined;
      if (!long) throw new UsageError(`unknown option ${clipInput(typed)}; ${helpHint(options.command)}`);
      name = long;
    }
    if (name === '') throw new UsageError(`empty option name in ${quoteInput(arg)}; options are written --name value`);
    if (options.valued && !options.valued.has(name) && !booleans.has(name)) {
      throw new UsageError(`unknown option ${clipInput(typed)} for ${options.command ?? 'this command'}; ${helpHint(options.command)}`);
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (booleans.has(name)) {
        value = next === 'true' || next === 'false' ? (i++, next) : 'true';
      } else if (next === undefined) {
        if (options.lenient) continue;
        throw new UsageError(`option ${clipInput(typed)} needs a value`);
      } else {
        value = next;
        i++;
      }
    }
    put(name, value);
  }
  return { positionals, flags };
}

/** Last value of a flag, removing it from the map. */
export function takeFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  args.flags.delete(name);
  return v?.[v.length - 1];
}

/** Every value of a repeatable flag, removing it from the map. */
export function takeAll(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name) ?? [];
  args.flags.delete(name);
  return v;
}
