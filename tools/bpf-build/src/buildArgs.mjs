// The command line of gadgetry-bpf-build.
import { BuildError } from './BuildError.mjs';

export const USAGE = `Usage: gadgetry-bpf-build [options] [source.bpf.c [output.bpf.o]]

Compiles a gadget's BPF program into a CO-RE object (clang -target bpf) and
generates the TypeBox schemas of its GADGET_EVENT_TYPE() structs from the
object's BTF. Run it in the gadget's folder.

  source.bpf.c     the program (default: src/program.bpf.c)
  output.bpf.o     the object to write (default: dist/program.bpf.o)
  --schema FILE    where the event schemas go (default: src/event.generated.ts
                   when no source is given; none when one is)
  --no-schema      compile only
  --update         rewrite the schema file when it is out of date (without it,
                   an out-of-date file fails the build)
  -h, --help       show this text

Needs clang and llvm (apt-get install clang llvm), and bpftool once per kernel
to write vmlinux.h (or GADGETRY_VMLINUX_H pointing at one).`;

/**
 * @typedef {{ help: true } | { help: false, source: string, output: string, schema: string | undefined, update: boolean }} BuildArgs
 */

/**
 * @param {string[]} argv the arguments after the program name
 * @returns {BuildArgs}
 */
export function parseBuildArgs(argv) {
  const positional = [];
  let schema;
  let noSchema = false;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const a = /** @type {string} */ (argv[i]);
    if (a === '-h' || a === '--help') return { help: true };
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--update') update = true;
    else if (a === '--no-schema') noSchema = true;
    else if (a === '--schema' || a.startsWith('--schema=')) {
      schema = a === '--schema' ? argv[++i] : a.slice('--schema='.length);
      if (!schema) throw new BuildError('USAGE', '--schema needs a file name');
    } else if (a.startsWith('-')) {
      throw new BuildError('USAGE', `unknown option ${JSON.stringify(a).slice(0, 60)}; see gadgetry-bpf-build --help`);
    } else positional.push(a);
  }
  if (positional.length > 2) throw new BuildError('USAGE', `too many arguments; expected [source.bpf.c [output.bpf.o]], see gadgetry-bpf-build --help`);
  if (noSchema && schema) throw new BuildError('USAGE', '--schema and --no-schema contradict each other');
  const [source = 'src/program.bpf.c', output = 'dist/program.bpf.o'] = positional;
  if (!noSchema && !schema && positional.length === 0) schema = 'src/event.generated.ts';
  return { help: false, source, output, schema: noSchema ? undefined : schema, update };
}
