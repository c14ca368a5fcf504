import type { ParsedArgs } from '../parseArgs.js';
import { takeFlag } from '../parseArgs.js';
import type { CliIO } from '../CliIO.js';
import type { GadgetCatalog } from '../../registry/GadgetCatalog.js';
import { UsageError } from '../../errors.js';
import { ColumnsFormatter } from '../../output/ColumnsFormatter.js';
import { escapeTerminal, quoteInput } from '@gadgetry/errors';
import { Type } from '@sinclair/typebox';

const LIST_FIELDS = [
  { name: 'name', schema: Type.String(), width: 20 },
  { name: 'type', schema: Type.String(), width: 15 },
  { name: 'category', schema: Type.String(), width: 8 },
  { name: 'version', schema: Type.String(), width: 8 },
  { name: 'package', schema: Type.String(), width: 34 },
  { name: 'description', schema: Type.String() },
];

export function listCommand(args: ParsedArgs, catalog: GadgetCatalog, io: CliIO): number {
  const format = takeFlag(args, 'output') ?? 'columns';
  const rows = catalog.discovery.gadgets.map((g) => ({
    name: g.manifest.name,
    type: g.manifest.type,
    category: g.manifest.category,
    version: g.version,
    package: g.packageName,
    description: g.manifest.description,
    path: g.packageDir,
  }));
  for (const p of catalog.discovery.problems) io.err(`warning: ${escapeTerminal(p.message)}\n`);
  if (format === 'json') {
    for (const r of rows) io.out(`${JSON.stringify(r)}\n`);
  } else if (format === 'columns') {
    const f = new ColumnsFormatter(LIST_FIELDS);
    io.out(f.header() + f.rows(rows));
    if (rows.length === 0) io.err('no gadgets found; install a gadget package or pass --gadget-path <dir>\n');
  } else {
    throw new UsageError(`unknown output format ${quoteInput(format)} for list; use columns or json`);
  }
  return 0;
}
