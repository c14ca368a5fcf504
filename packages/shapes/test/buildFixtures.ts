import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the compiled test objects go: `<name>.bpf.o`. */
export const FIXTURE_BUILD = join(here, '.build');

/** vitest globalSetup: compiles test/fixtures/*.bpf.c with gadgetry-bpf-build, as a gadget's build does. */
export default function setup(): void {
  const tool = createRequire(import.meta.url).resolve('@gadgetry/bpf-build/bin/gadgetry-bpf-build.mjs');
  for (const f of readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.bpf.c'))) {
    execFileSync(process.execPath, [tool, join(here, 'fixtures', f), join(FIXTURE_BUILD, f.replace(/\.c$/, '.o'))], {
      cwd: resolve(here, '..'),
      stdio: 'pipe',
    });
  }
}
