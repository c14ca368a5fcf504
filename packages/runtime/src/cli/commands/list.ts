import type { OperatorAppliesTo } from '@gadgetry/sdk';
import type { ParsedArgs } from '../parseArgs.js';
import { takeFlag } from '../parseArgs.js';
import type { CliIO } from '../CliIO.js';
import type { GadgetRunner } from '../../runner/GadgetRunner.js';
import { UsageError } from '../../errors.js';
import { ColumnsFormatter } from '../../output/ColumnsFormatter.js';
import { escapeTerminal, quoteInput } from '@gadgetry/errors';
import { Type } from '@sinclair/typebox';

const GADGET_FIELDS = [
  { name: 'name', schema: Type.String(), width: 20 },
  { name: 'type', schema: Type.String(), width: 15 },
  { name: 'category', schema: Type.String(), width: 8 },
  { name: 'version', schema: Type.String(), width: 8 },
  { name: 'package', schema: Type.String(), width: 34 },
  { name: 'description', schema: Type.String() },
];

const NODE_FIELD = { name: 'node', schema: Type.String(), width: 16 };

const OPERATOR_FIELDS = [
  { name: 'operator', schema: Type.String(), width: 20 },
  { name: 'appliesTo', header: 'APPLIES TO', schema: Type.String(), width: 24 },
  { name: 'version', schema: Type.String(), width: 8 },
  { name: 'package', schema: Type.String(), width: 34 },
  { name: 'description', schema: Type.String() },
];

/** An operator package's appliesTo as one short line: all, or kinds/types/gadgets. */
function appliesText(a: OperatorAppliesTo): string {
  if (a === 'all') return 'all';
  const parts = [a.kinds && `kinds ${a.kinds.join(',')}`, a.types && `types ${a.types.join(',')}`, a.gadgets && `gadgets ${a.gadgets.join(',')}`];
  return parts.filter(Boolean).join('; ');
}

/** Installed gadgets, then installed operator packages; from their manifests only, no code imported. */
export async function listCommand(args: ParsedArgs, runner: GadgetRunner, io: CliIO): Promise<number> {
  const format = takeFlag(args, 'output') ?? 'columns';
  const listed = await runner.list();
  const gadgets = listed.gadgets.map((g) => ({ ...(g.node !== undefined ? { node: g.node } : {}), kind: 'gadget', ...g }));
  const operators = [...listed.operators]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((o) => ({
      ...(o.node !== undefined ? { node: o.node } : {}),
      kind: 'operator',
      operator: o.name,
      appliesTo: appliesText(o.appliesTo),
      version: o.version,
      package: o.package,
      description: o.description,
      path: o.path,
    }));
  // a missing --gadget-path was said when the catalog was made
  for (const p of listed.problems) if (p.code !== 'GADGET_PATH_MISSING') io.err(`warning: ${escapeTerminal(p.message)}\n`);
  if (format === 'json') {
    for (const r of [...gadgets, ...operators]) io.out(`${JSON.stringify(r)}\n`);
  } else if (format === 'columns') {
    // from an agent (--remote): the node it runs on, first
    const withNode = <T>(fields: T[]) => (listed.gadgets.some((g) => g.node !== undefined) ? [NODE_FIELD as T, ...fields] : fields);
    const g = new ColumnsFormatter(withNode(GADGET_FIELDS));
    io.out(g.header() + g.rows(gadgets));
    if (operators.length) {
      const o = new ColumnsFormatter(withNode(OPERATOR_FIELDS));
      io.out(`\n${o.header()}${o.rows(operators)}`);
    }
    if (gadgets.length === 0) io.err('no gadgets found; install a gadget package or pass --gadget-path <dir>\n');
  } else {
    throw new UsageError(`unknown output format ${quoteInput(format)} for list; use columns or json`);
  }
  return 0;
}
