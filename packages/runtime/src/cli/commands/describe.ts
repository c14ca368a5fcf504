import type { CliIO } from '../CliIO.js';
import { typeName } from '../../params/paramSpecs.js';
import { hostKindContext } from '../../kinds/hostKindContext.js';
import type { GadgetInfo, ParamInfo } from '../../runner/GadgetInfo.js';
import type { GadgetRunner } from '../../runner/GadgetRunner.js';
import { infoFields } from '../../runner/infoFields.js';
import { UsageError } from '../../errors.js';

function paramLines(specs: ParamInfo[]): string {
  if (specs.length === 0) return '  (none)\n';
  const flagW = Math.max(...specs.map((s) => s.flag.length + 2));
  const typeW = Math.max(...specs.map((s) => s.type.length));
  return specs
    .map((s) => {
      const def = s.default !== undefined ? ` (default ${JSON.stringify(s.default)})` : s.required ? ' (required)' : '';
      return `  ${`--${s.flag}`.padEnd(flagW)}  ${s.type.padEnd(typeW)}  ${s.description}${def}\n`;
    })
    .join('');
}

/** The text of `describe` (also shown by `run <gadget> --help`), from the gadget's info alone. */
export function describeText(d: GadgetInfo): string {
  let out = `${d.name}: ${d.description}\nPackage:  ${d.package.name} ${d.package.version}\nCategory: ${d.category}   Type: ${d.type}\n`;
  if (d.defaultSort?.length) out += `Default sort: ${d.defaultSort.join(',')}\n`;
  out += `\nParams:\n${paramLines(d.params)}`;
  const applying = d.operators;
  for (const op of applying) {
    if (op.params.length) out += `\nOperator ${op.name} (${op.description}):\n${paramLines(op.params)}`;
  }
  if (applying.length) out += `\nOperators, in the order they see each event: ${applying.map((o) => o.name).join(', ')}\n`;
  const fields = infoFields(d, hostKindContext());
  const nameW = Math.max(5, ...fields.map((f) => f.name.length));
  const typeW = Math.max(4, ...fields.map((f) => typeName(f.schema).length));
  const kindW = Math.max(4, ...fields.map((f) => (f.kind ?? '-').length));
  if (d.result === 'stack-profile') {
    out += '\nResult: a stack profile, when the run stops: a table of the top stacks (default), -o folded\n' +
      '  (one line per stack, for flamegraph.pl and speedscope), -o json, and --flamegraph FILE.svg|.html\n';
    if (fields.length === 0) return out;
  }
  // a profile that reports a result (a histogram) and no events
  if (fields.length === 0) return `${out}\nEvent fields: none; the gadget reports its result at the end of the run\n`;
  out += `\nEvent fields:\n  ${'FIELD'.padEnd(nameW)}  ${'TYPE'.padEnd(typeW)}  ${'KIND'.padEnd(kindW)}  DESCRIPTION\n`;
  for (const f of fields) {
    const by = f.addedBy !== undefined ? ` (from operator ${f.addedBy})` : '';
    const form = f.form === 'readable' ? (f.rawName ? ` (readable; raw value in ${f.rawName})` : ' (readable)') : '';
    const desc = `${f.description ?? ''}${form}${by}${f.hidden ? ' (hidden by default)' : ''}`;
    out += `  ${f.name.padEnd(nameW)}  ${typeName(f.schema).padEnd(typeW)}  ${(f.kind ?? '-').padEnd(kindW)}  ${desc}\n`.replace(/ +\n$/, '\n');
  }
  return out;
}

export async function describeCommand(positionals: string[], runner: GadgetRunner, io: CliIO): Promise<number> {
  const name = positionals[0];
  if (!name) throw new UsageError('describe needs a gadget name: gadgetry describe <gadget> (see gadgetry list)');
  io.out(describeText(await runner.describe(name)));
  return 0;
}
