// Turns resolved options into the files of a gadget package (path -> text).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const TEMPLATES = join(PACKAGE_DIR, 'templates');

/**
 * The ranges of Gadgetry's packages a new gadget asks for: this package's
 * optional peer dependencies, which a release moves when one of them leaves
 * its range (so a published generator always scaffolds against the packages
 * released with it).
 */
export const GADGETRY_RANGES = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).peerDependencies;

/** Versions the generated package asks for. */
export const VERSIONS = {
  /** The SDK range: the gadget's peer dependency and its manifest's `sdk`, the range the runtime checks. */
  gadgetry: GADGETRY_RANGES['@gadgetry/sdk'],
  tsup: '^8.5.1',
  typescript: '~5.9.3',
  vitest: '^5.1.1',
  typesNode: '^24.0.0',
};

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
  const pkg = {
    name: o.packageName,
    // the first release's changeset (a minor) makes it 0.1.0
    version: where.standalone ? '0.0.0' : '0.1.0',
    description: o.description,
    license: 'Apache-2.0',
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'src/program.bpf.c', 'src/*.h', 'README.md', 'CHANGELOG.md'],
    keywords: ['gadgetry', 'gadgetry-gadget', 'ebpf'],
    engines: { node: '>=22.12.0' },
    publishConfig: { access: 'public' },
    gadgetry: { name: o.name, entry: './dist/index.js', sdk: VERSIONS.gadgetry, description: o.description, category: o.category, type: o.type },
    scripts: {
      build: 'gadgetry-bpf-build && tsup',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    // one SDK with the runtime that loads the gadget: a peer, with the range the manifest declares
    peerDependencies: { '@gadgetry/sdk': VERSIONS.gadgetry },
    // shapes: the instance helpers; native-bpf: the BPF headers and the tests' kernel gate
    dependencies: { '@gadgetry/native-bpf': range('@gadgetry/native-bpf'), '@gadgetry/shapes': range('@gadgetry/shapes') },
    // runtime: the test's collectEvents; gadgetry: the command, for trying the gadget by hand
    devDependencies: { '@gadgetry/bpf-build': range('@gadgetry/bpf-build'), '@gadgetry/runtime': range('@gadgetry/runtime'), gadgetry: range('gadgetry') },
  };
  // inside the workspace nx runs the type check of every package (npm test)
  if (!where.standalone) pkg.scripts = { build: pkg.scripts.build, typecheck: 'tsc --noEmit -p tsconfig.json', test: pkg.scripts.test };
  if (where.standalone) {
    Object.assign(pkg.devDependencies, {
      '@changesets/cli': '^2.29.0',
      '@types/node': VERSIONS.typesNode,
      tsup: VERSIONS.tsup,
      typescript: VERSIONS.typescript,
      vitest: VERSIONS.vitest,
    });
  }
  const files = new Map([
    ['package.json', `${JSON.stringify(pkg, null, 2)}\n`],
    ['README.md', fill(read('common', 'README.md'), o)],
    [`src/program.bpf.c`, fill(read(o.template, 'program.bpf.c'), o)],
    [`src/${o.name}.h`, fill(read(o.template, 'event.h'), o)],
    // what the build generates from the struct's BTF, shipped so the package type-checks before its first build
    ['src/event.generated.ts', read(o.template, 'event.generated.ts')],
    ['src/index.ts', fill(read(o.template, 'index.ts'), o)],
    ['src/index.test.ts', fill(read(o.template, 'index.test.ts'), o)],
  ]);
  const changeset = `---\n"${o.packageName}": minor\n---\n\nFirst release of the ${o.name} gadget: ${o.description}\n`;
  if (where.standalone) {
    // a third-party gadget lives outside any Gadgetry workspace: its configs stand alone
    files.set('tsup.config.ts', read('common', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('common', 'vitest.config.ts'));
    files.set('tsconfig.json', read('common', 'tsconfig.json'));
    files.set('.gitignore', read('common', 'gitignore'));
    files.set('.changeset/config.json', `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'public', baseBranch: 'main' }, null, 2)}\n`);
    files.set(`.changeset/${o.name}-first-release.md`, changeset);
  } else {
    // inside the workspace: the shared configs (tsup.shared.ts, vitest.shared.ts, tsconfig.base.json)
    files.set('tsup.config.ts', read('workspace', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('workspace', 'vitest.config.ts'));
    files.set('tsconfig.json', read('workspace', 'tsconfig.json'));
    // inside the workspace the changeset goes to the repository's .changeset folder
    files.set(`../../.changeset/${o.name}-first-release.md`, changeset);
  }
  return files;
}
