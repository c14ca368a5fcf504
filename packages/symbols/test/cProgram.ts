// Builds small C programs with the system compiler for the tests, in a temp folder of their own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Prints the address of burn_cpu, then spins in it until killed. */
export const SPINNER = `#include <stdio.h>
#include <unistd.h>
volatile unsigned long sink;
__attribute__((noinline)) void burn_cpu(void) {
	for (;;) sink++;
}
int main(void) {
	printf("%p\\n", (void *)burn_cpu);
	fflush(stdout);
	burn_cpu();
	return 0;
}
`;

export interface BuiltPrograms {
  dir: string;
  build(name: string, source: string, flags?: string[]): string;
  remove(): void;
}

export function cPrograms(prefix: string): BuiltPrograms {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    build(name, source, flags = []) {
      const src = join(dir, `${name}.c`);
      const out = join(dir, name);
      writeFileSync(src, source);
      execFileSync('cc', ['-O1', '-fno-omit-frame-pointer', '-Wl,--build-id', ...flags, '-o', out, src], { stdio: 'pipe' });
      return out;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
