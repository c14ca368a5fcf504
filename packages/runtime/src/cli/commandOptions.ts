import { UsageError } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';
import { parseArgs, type ParsedArgs } from './parseArgs.js';

/** Flags every command takes without a value. */
export const GLOBAL_BOOLEANS = new Set(['help', 'verbose', 'version', 'trace-self', 'strict', 'detach', 'stats']);

interface CommandSpec {
  /** Flags that take a value. */
  valued: string[];
  /** Arguments after the command name. */
  positionals: string[];
  /** The last positional may be repeated (rm X Y Z). */
  variadic?: boolean;
  /** Flags that take no value, beyond --help and --verbose. */
  booleans?: string[];
}

/** The flags that reach agents (see RemoteSupport). */
const REMOTE_FLAGS = ['remote', 'tls-ca', 'tls-cert', 'tls-key'];

// `run` is not here: its options depend on the gadget and are checked once it is loaded.
const COMMANDS: Record<string, CommandSpec> = {
  list: { valued: ['gadget-path', 'output', ...REMOTE_FLAGS], positionals: [] },
  describe: { valued: ['gadget-path', ...REMOTE_FLAGS], positionals: ['<gadget>'] },
  serve: { valued: ['gadget-path', 'listen', 'group', 'tls-cert', 'tls-key', 'tls-client-ca', 'node-name', 'state-dir'], positionals: [], booleans: ['insecure'] },
  ui: { valued: ['gadget-path', 'listen', 'ui-token', ...REMOTE_FLAGS], positionals: [] },
  doctor: { valued: ['gadget-path'], positionals: [] },
  version: { valued: ['gadget-path'], positionals: [] },
  'list-containers': { valued: ['gadget-path', 'output'], positionals: [] },
  attach: { valued: ['gadget-path', 'output', 'fields', 'timestamp-format', ...REMOTE_FLAGS], positionals: ['<name>'] },
  ps: { valued: ['gadget-path', 'output', ...REMOTE_FLAGS], positionals: [] },
  rm: { valued: ['gadget-path', ...REMOTE_FLAGS], positionals: ['<name>...'], variadic: true },
};

/**
 * Parses the arguments of a command other than `run` strictly: an unknown
 * option, an option without its value or an extra argument is refused with
 * one line, instead of being ignored. Undefined for commands it does not know.
 */
export function parseCommandArgs(argv: string[], command: string): ParsedArgs | undefined {
  if (!Object.hasOwn(COMMANDS, command)) return undefined;
  const spec = COMMANDS[command]!;
  const args = parseArgs(argv, new Set(['help', 'verbose', ...(spec.booleans ?? [])]), { valued: new Set(spec.valued), command });
  const extra = spec.variadic ? undefined : args.positionals[1 + spec.positionals.length];
  if (extra !== undefined) {
    const usage = ['gadgetry', command, ...spec.positionals].join(' ');
    throw new UsageError(`unexpected argument ${quoteInput(extra)} for ${command}; usage: ${usage} [options]`);
  }
  return args;
}
