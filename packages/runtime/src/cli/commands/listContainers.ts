import { listContainers } from '@gadgetry/operators';
import type { CliIO } from '../CliIO.js';
import type { ParsedArgs } from '../parseArgs.js';
import { takeFlag } from '../parseArgs.js';
import { UsageError } from '../../errors.js';
import { escapeTerminal } from '@gadgetry/errors';
import { quoteInput } from '@gadgetry/errors';

/** What the container operator sees: the containers events are matched against. */
export function listContainersCommand(args: ParsedArgs, io: CliIO): number {
  const format = takeFlag(args, 'output') ?? 'columns';
  const containers = listContainers();
  if (format === 'json') {
    for (const c of containers) io.out(`${JSON.stringify(c)}\n`);
    return 0;
  }
  if (format !== 'columns') throw new UsageError(`unknown output format ${quoteInput(format)} for list-containers; use columns or json`);
  // names come from state files and cgroup paths others can write: escape them
  const rows = containers.map((c) =>
    [c.name, c.id.slice(0, 12), c.runtime, String(c.pid), String(c.mntnsId), c.podName ? `${c.namespace ?? ''}/${c.podName}` : ''].map(escapeTerminal),
  );
  const header = ['NAME', 'ID', 'RUNTIME', 'PID', 'MNTNS', 'POD'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`;
  io.out(line(header) + rows.map(line).join(''));
  if (containers.length === 0) io.err('no running containers found (looked at runc/crun/containerd/docker state and cgroup paths)\n');
  return 0;
}
