import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the compiled test objects go: `<name>.bpf.o`. */
export const FIXTURE_BUILD = join(here, '.build');
/** The command under test. */
export const BIN = resolve(here, '../bin/gadgetry-bpf-build.mjs');

/** vitest globalSetup: compiles test/fixtures/*.bpf.c with gadgetry-bpf-build (no schema: a source is given). */
export default function setup(): void {
  for (const f of readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.bpf.c'))) {
    execFileSync(process.execPath, [BIN, join(here, 'fixtures', f), join(FIXTURE_BUILD, f.replace(/\.c$/, '.o'))], { cwd: resolve(here, '..'), stdio: 'pipe' });
  }
}
