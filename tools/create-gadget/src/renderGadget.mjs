// Turns resolved options into the files of a gadget package (path -> text).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFirstRelease, GADGETRY_RANGES, packageJson, VERSIONS } from './packageSkeleton.mjs';

const TEMPLATES = join(dirname(dirname(fileURLToPath(import.meta.url))), 'templates');

const pascal = (name) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase());

function fill(text, o) {
  return text
    .replaceAll('__NAME_UPPER__', o.name.toUpperCase())
    .replaceAll('__PASCAL__', pascal(o.name))
    .replaceAll('__NAME__', o.name)
    .replaceAll('__PACKAGE__', o.packageName)
    .replaceAll('__DESCRIPTION__', o.description.replaceAll("'", "\\'"))
    .replaceAll('__CATEGORY__', o.category)
    .replaceAll('__TYPE__', o.type);
}

const read = (...parts) => readFileSync(join(TEMPLATES, ...parts), 'utf8');

/**
 * The files of a new gadget package.
 * @param {ReturnType<typeof import('./options.mjs').resolveOptions>} o
 * @param {{ standalone: boolean }} where standalone: outside a Gadgetry workspace (own tsconfig, changesets, devDependencies)
 */
export function renderGadget(o, where) {
  const range = (name) => GADGETRY_RANGES[name];
  const pkg = packageJson(o, where, {
    files: ['dist', 'src/program.bpf.c', 'src/*.h', 'README.md', 'CHANGELOG.md'],
    keywords: ['gadgetry', 'gadgetry-gadget', 'ebpf'],
    gadgetry: { name: o.name, entry: './dist/index.js', sdk: VERSIONS.gadgetry, description: o.description, category: o.category, type: o.type },
    scripts: { build: 'gadgetry-bpf-build && tsup', test: 'vitest run', prepack: 'npm run build' },
    // shapes: the instance helpers; native-bpf: the BPF headers and the tests' kernel gate
    dependencies: { '@gadgetry/native-bpf': range('@gadgetry/native-bpf'), '@gadgetry/shapes': range('@gadgetry/shapes') },
    // runtime: the test's collectEvents; gadgetry: the command, for trying the gadget by hand
    devDependencies: { '@gadgetry/bpf-build': range('@gadgetry/bpf-build'), '@gadgetry/runtime': range('@gadgetry/runtime'), gadgetry: range('gadgetry') },
  });
  const files = new Map([
    ['package.json', pkg],
    ['README.md', fill(read('common', 'README.md'), o)],
    [`src/program.bpf.c`, fill(read(o.template, 'program.bpf.c'), o)],
    [`src/${o.name}.h`, fill(read(o.template, 'event.h'), o)],
    // what the build generates from the struct's BTF, shipped so the package type-checks before its first build
    ['src/event.generated.ts', read(o.template, 'event.generated.ts')],
    ['src/index.ts', fill(read(o.template, 'index.ts'), o)],
    ['src/index.test.ts', fill(read(o.template, 'index.test.ts'), o)],
  ]);
  if (where.standalone) {
    // a third-party gadget lives outside any Gadgetry workspace: its configs stand alone
    files.set('tsup.config.ts', read('common', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('common', 'vitest.config.ts'));
    files.set('tsconfig.json', read('common', 'tsconfig.json'));
  } else {
    // inside the workspace: the shared configs (tsup.shared.ts, vitest.shared.ts, tsconfig.base.json)
    files.set('tsup.config.ts', read('workspace', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('workspace', 'vitest.config.ts'));
    files.set('tsconfig.json', read('workspace', 'tsconfig.json'));
  }
  addFirstRelease(files, o, where, 'gadget', read('common', 'gitignore'));
  return files;
}
