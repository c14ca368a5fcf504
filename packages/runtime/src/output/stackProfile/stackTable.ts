import type { StackProfile } from '@gadgetry/sdk';
import { escapeTerminal } from '@gadgetry/errors';
import { frameLabel } from './frameLabel.js';

/** Stacks the table shows; the rest are summed in one line. */
export const TABLE_STACKS = 20;

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

/**
 * The top stacks as a table: count, percent of all, pid, command, then the
 * stack leaf first, one frame per line under the STACK column. Names are
 * escaped for the terminal. What could not be attributed is listed below.
 */
export function stackTable(profile: StackProfile, limit = TABLE_STACKS): string {
  const unit = profile.unit.toUpperCase();
  const countWidth = Math.max(unit.length, String(profile.stacks[0]?.count ?? 0).length);
  const pidWidth = Math.max(3, ...profile.stacks.slice(0, limit).map((s) => String(s.pid).length));
  const commWidth = 16;
  const indent = ' '.repeat(countWidth + 1 + 7 + 1 + pidWidth + 1 + commWidth + 1);
  const lines: string[] = [];
  if (profile.description) lines.push(`${escapeTerminal(profile.description)}: ${profile.total} ${profile.unit}`);
  lines.push(`${pad(unit, countWidth, true)} ${pad('%', 7, true)} ${pad('PID', pidWidth, true)} ${pad('COMM', commWidth)} STACK (leaf first)`);
  const percent = (n: number) => (profile.total > 0 ? `${((100 * n) / profile.total).toFixed(1)}%` : '-');
  for (const s of profile.stacks.slice(0, limit)) {
    const frames = s.frames.map((f) => escapeTerminal(frameLabel(f))).reverse();
    if (frames.length === 0) frames.push('(no stack)');
    const comm = escapeTerminal(s.comm).slice(0, commWidth);
    lines.push(`${pad(String(s.count), countWidth, true)} ${pad(percent(s.count), 7, true)} ${pad(String(s.pid), pidWidth, true)} ${pad(comm, commWidth)} ${frames[0]}`);
    for (const f of frames.slice(1)) lines.push(`${indent}${f}`);
  }
  const rest = profile.stacks.slice(limit);
  if (rest.length) {
    const n = rest.reduce((sum, s) => sum + s.count, 0);
    lines.push(`... ${rest.length} more stacks with ${n} ${profile.unit} (${percent(n)}): -o folded or --flamegraph show every stack`);
  }
  const missing = Object.entries(profile.unattributed).filter(([, n]) => n > 0);
  if (missing.length) lines.push(`unattributed: ${missing.map(([k, n]) => `${escapeTerminal(k)} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
