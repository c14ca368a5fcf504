import { Type } from '@sinclair/typebox';
import { escapeTerminal, quoteInput } from '@gadgetry/errors';
import type { CliIO } from '../CliIO.js';
import type { HeadlessRunStatus } from '../../runner/HeadlessRunner.js';
import { toWire } from '../../runner/wireValue.js';
import { ColumnsFormatter } from '../../output/ColumnsFormatter.js';
import { UsageError } from '../../errors.js';
import { withHeadless, type HeadlessHook } from '../headlessHook.js';
import { takeFlag, type ParsedArgs } from '../parseArgs.js';

/** How long ago, the way ps and kubectl say it: 42s, 5m, 3h, 12d. */
export function ageText(fromIso: string, now: number): string {
  const from = Date.parse(fromIso);
  if (!Number.isFinite(from)) return '?';
  const s = Math.max(0, Math.floor((now - from) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 120 * 60) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const COLUMNS = ['name', 'gadget', 'node', 'state', 'events', 'lost', 'age', 'resumed'] as const;
const NUMERIC = new Set(['events', 'lost', 'resumed']);

/** The table: each column as wide as its widest cell, so long names stay whole. */
function table(rows: Record<string, unknown>[]): string {
  const fields = COLUMNS.map((name) => {
    const widest = Math.max(name.length, ...rows.map((r) => escapeTerminal(String(r[name])).length));
    return { name, schema: NUMERIC.has(name) ? Type.Integer() : Type.String(), width: widest };
  });
  const f = new ColumnsFormatter(fields);
  return f.header() + f.rows(rows);
}

/** `gadgetry ps`: the headless runs the agent keeps. */
export async function psCommand(args: ParsedArgs, io: CliIO, hook: HeadlessHook | undefined): Promise<number> {
  const format = takeFlag(args, 'output') ?? 'columns';
  if (format !== 'columns' && format !== 'json') throw new UsageError(`unknown output format ${quoteInput(format)} for ps; use columns or json`);
  const statuses: HeadlessRunStatus[] = await withHeadless(hook, 'ps', args, (headless) => headless.list());
  if (format === 'json') {
    for (const s of statuses) io.out(`${JSON.stringify({ ...s, params: toWire(s.params) })}\n`);
    return 0;
  }
  const now = Date.now();
  const rows = statuses.map((s) => ({ ...s, gadget: s.gadget || '?', age: ageText(s.createdAt, now) }));
  io.out(table(rows));
  // why a run failed: one line each, under the table
  for (const s of statuses) if (s.state === 'failed' && s.error) io.err(`${escapeTerminal(s.name)}: ${escapeTerminal(s.error.line)}\n`);
  return 0;
}
