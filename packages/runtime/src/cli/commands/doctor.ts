import { join } from 'node:path';
import { escapeTerminal } from '@gadgetry/errors';
import type { CliIO } from '../CliIO.js';
import type { GadgetCatalog } from '../../registry/GadgetCatalog.js';
import { importTrusted } from '../../registry/importTrusted.js';

interface KernelCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** A feature of the kernel as native-bpf's probes found it: ok, missing, refused or unknown. */
interface FeatureLine {
  name: string;
  state: string;
  detail: string;
}

interface KernelReports {
  report?: () => KernelCheck[];
  features?: () => FeatureLine[];
  refused: number;
}

/**
 * Finds @gadgetry/native-bpf next to the runtime, or next to an installed
 * gadget; a copy in a place that fails the trust rules is refused, not imported.
 */
async function loadKernelReport(catalog: GadgetCatalog, io: CliIO): Promise<KernelReports> {
  const bases = [import.meta.url, ...catalog.discovery.gadgets.map((g) => join(g.packageDir, 'package.json'))];
  let refused = 0;
  const warn = (line: string) => {
    refused++;
    io.err(`warning: ${line}\n`);
  };
  try {
    const mod = await importTrusted('@gadgetry/native-bpf', bases, catalog.trust, warn);
    const report = mod?.kernelReport;
    const features = mod?.featureReport;
    return {
      report: typeof report === 'function' ? (report as () => KernelCheck[]) : undefined,
      features: typeof features === 'function' ? (features as () => FeatureLine[]) : undefined,
      refused,
    };
  } catch (err) {
    io.err(`warning: cannot load @gadgetry/native-bpf: ${(err as Error).message}\n`);
    return { refused };
  }
}

export async function doctorCommand(catalog: GadgetCatalog, io: CliIO): Promise<number> {
  const { report, features, refused } = await loadKernelReport(catalog, io);
  const missing = refused
    ? { detail: '@gadgetry/native-bpf was found only in places that fail the trust rules (see the warnings above)', fix: 'fix the ownership or modes named above, or npm i @gadgetry/native-bpf' }
    : { detail: '@gadgetry/native-bpf is not installed', fix: 'install a gadget package, or npm i @gadgetry/native-bpf' };
  const checks: KernelCheck[] = report ? report() : [{ name: 'native-bpf', ok: false, ...missing }];
  checks.push({
    name: 'gadgets',
    ok: catalog.discovery.gadgets.length > 0,
    detail: `${catalog.discovery.gadgets.length} installed${catalog.discovery.problems.length ? `, ${catalog.discovery.problems.length} unusable (see gadgetry list)` : ''}`,
    fix: 'install gadget packages (npm i @gadgetry/gadget-trace_exec) or pass --gadget-path',
  });
  const width = Math.max(...checks.map((c) => c.name.length));
  io.out(`${'CHECK'.padEnd(width)}  STATUS  DETAIL\n`);
  for (const c of checks) {
    io.out(`${c.name.padEnd(width)}  ${(c.ok ? 'ok' : 'FAIL').padEnd(6)}  ${c.detail}\n`);
    if (!c.ok && c.fix) io.out(`${''.padEnd(width)}          fix: ${c.fix}\n`);
  }
  if (features) printFeatures(features, io);
  return checks.every((c) => c.ok) ? 0 : 1;
}

/**
 * What this kernel offers gadgets, probed by loading and attaching: each
 * kind of program, with the Linux version it arrived in. Informational: a
 * missing feature fails only the gadgets that need it, not doctor.
 */
function printFeatures(features: () => FeatureLine[], io: CliIO): void {
  let lines: FeatureLine[];
  try {
    lines = features();
  } catch (err) {
    io.out(`\nfeatures not checked: ${escapeTerminal((err as Error).message)}\n`);
    return;
  }
  const width = Math.max('FEATURE'.length, ...lines.map((l) => l.name.length));
  io.out(`\n${'FEATURE'.padEnd(width)}  STATUS   DETAIL\n`);
  for (const l of lines) io.out(`${escapeTerminal(l.name).padEnd(width)}  ${escapeTerminal(l.state).padEnd(7)}  ${escapeTerminal(l.detail)}\n`);
}
