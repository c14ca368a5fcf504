import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIO } from '../CliIO.js';
import type { GadgetCatalog } from '../../registry/GadgetCatalog.js';

interface KernelCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Finds @gadgetry/native-bpf next to the runtime, or next to an installed gadget. */
async function loadKernelReport(catalog: GadgetCatalog): Promise<(() => KernelCheck[]) | undefined> {
  const bases = [import.meta.url, ...catalog.discovery.gadgets.map((g) => pathToFileURL(join(g.packageDir, 'package.json')).href)];
  for (const base of bases) {
    try {
      const path = createRequire(base).resolve('@gadgetry/native-bpf');
      const mod = (await import(pathToFileURL(path).href)) as { kernelReport?: () => KernelCheck[] };
      if (mod.kernelReport) return mod.kernelReport;
    } catch {
      /* not installed there */
    }
  }
  return undefined;
}

export async function doctorCommand(catalog: GadgetCatalog, io: CliIO): Promise<number> {
  const report = await loadKernelReport(catalog);
  const checks: KernelCheck[] = report
    ? report()
    : [{ name: 'native-bpf', ok: false, detail: '@gadgetry/native-bpf is not installed', fix: 'install a gadget package, or npm i @gadgetry/native-bpf' }];
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
  return checks.every((c) => c.ok) ? 0 : 1;
}
