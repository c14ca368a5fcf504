import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_BUILD = join(here, '.build');

/** Compiles the test BPF programs with the same tool gadgets use. */
export default function setup(): void {
  const tool = resolve(here, '../../../tools/bpf-build/bin/gadgetry-bpf-build.mjs');
  for (const f of readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.bpf.c'))) {
    execFileSync(process.execPath, [tool, join(here, 'fixtures', f), join(FIXTURE_BUILD, f.replace(/\.c$/, '.o'))], {
      cwd: resolve(here, '..'),
      stdio: 'pipe',
    });
  }
}
