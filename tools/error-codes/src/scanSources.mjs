// Finds the error codes the sources use, so a test can check each is listed in
// @gadgetry/errors. TypeScript already refuses an unlisted code where a
// GadgetryError is made; this also covers plain JavaScript (.mjs), errors that
// are not GadgetryErrors (`code = '...'`) and the C++ addon.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders of the repository whose sources are scanned. */
export const SCANNED_ROOTS = ['packages', 'gadgets', 'tools'];
const SOURCE = /\.(ts|mts|cts|mjs|cjs|js|cc|h|c)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'test', 'coverage', '.nx']);
const TEST_FILE = /\.test(-d)?\.ts$|\.d\.m?ts$/;

/** Upper-case words joined by underscores, quoted: what a code looks like in JavaScript and C++ alike. */
const QUOTED = /(['"])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\1/g;
/**
 * A one-word code where only a code of ours goes: assigned to or declared as
 * a code property, or the first argument of super, of an error class or of
 * the addon's throw helpers. Comparisons are left out: they read the codes of
 * others (Node's errno names).
 */
const IN_CODE_PLACE = /(?:\bcode\s*[:=]\s*|\b(?:super|\w*Error|ThrowBpfError|BpfErrorValue|reject)\(\s*(?:[\w.]+(?:\(\))?\s*,\s*)?)(['"])([A-Z][A-Z0-9_]*)\1/g;
/** The addon's codes, in C++ only: the constants of the generated ErrorCodes.h. */
const NATIVE = /\bCode::([A-Za-z0-9_]+)/g;
const CPP = /\.(cc|h)$/;

/** Quoted upper-case words in the sources that are not error codes (an environment variable's name, say). */
export const NOT_ERROR_CODES = new Set([]);
/**
 * Kernel build options (CONFIG_KPROBES, ...) are named in messages about what
 * a kernel lacks; libseccomp's actions and architectures (SCMP_ACT_ERRNO,
 * SCMP_ARCH_X86_64) are values of the seccomp profiles advise_seccomp writes.
 */
const KERNEL_CONFIG = /^(CONFIG|SCMP)_/;

/** Every source file under the scanned roots, tests and build output left out; paths relative to `root`. */
export function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (entry.isFile() && SOURCE.test(entry.name) && !TEST_FILE.test(entry.name)) {
        files.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  for (const r of SCANNED_ROOTS) walk(join(root, r));
  return files.sort();
}

/** The codes `text` uses, with their line numbers; `cpp` for C++ sources. */
export function codesInText(text, cpp = false) {
  const found = [];
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  for (const re of [QUOTED, IN_CODE_PLACE]) {
    for (const m of text.matchAll(re)) if (!NOT_ERROR_CODES.has(m[2]) && !KERNEL_CONFIG.test(m[2])) found.push({ code: m[2], line: lineOf(m.index + m[0].length - m[2].length - 1) });
  }
  if (cpp) for (const m of text.matchAll(NATIVE)) found.push({ code: m[1], line: lineOf(m.index) });
  const seen = new Set();
  return found.filter((f) => !seen.has(`${f.code}:${f.line}`) && seen.add(`${f.code}:${f.line}`)).sort((a, b) => a.line - b.line);
}

/** Every code used in the repository's sources: `{ file, line, code }`. */
export function codesInSources(root) {
  return sourceFiles(root).flatMap((file) => codesInText(readFileSync(join(root, file), 'utf8'), CPP.test(file)).map((f) => ({ file, ...f })));
}
