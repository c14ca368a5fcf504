import { UsageError } from '../errors.js';

export interface ParsedArgs {
  positionals: string[];
  /** Flag name (without dashes) -> values in the order given. */
  flags: Map<string, string[]>;
}

const SHORT: Record<string, string> = { o: 'output', h: 'help', v: 'verbose' };

/**
 * A small POSIX-style parser: `--name value`, `--name=value`, `-o value`,
 * boolean flags (`--failed`, `--failed=false`, `--failed false`), `--` ends flags.
 * `booleans` names the flags that take no value.
 */
export function parseArgs(argv: string[], booleans: Set<string>): ParsedArgs {
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
    if (!arg.startsWith('--')) {
      const long = SHORT[name];
      if (!long) throw new UsageError(`unknown option ${arg}; see --help`);
      name = long;
    }
    if (name === '') throw new UsageError(`empty option name in "${arg}"`);
    if (value === undefined) {
      if (booleans.has(name)) {
        const next = argv[i + 1];
        value = next === 'true' || next === 'false' ? (i++, next) : 'true';
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option --${name} needs a value`);
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
