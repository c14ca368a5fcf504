// Turns resolved options into the files of an operator package (path -> text).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GADGETRY_RANGES, VERSIONS } from './renderGadget.mjs';

const TEMPLATES = join(dirname(dirname(fileURLToPath(import.meta.url))), 'templates');
const read = (...parts) => readFileSync(join(TEMPLATES, ...parts), 'utf8');

function fill(text, o) {
  return text
    .replaceAll('__NAME__', o.name)
    .replaceAll('__PACKAGE__', o.packageName)
    .replaceAll('__DESCRIPTION__', o.description.replaceAll("'", "\\'"));
}

/**
 * The files of a new operator package: an operator that adds a field to the
 * events of gadgets with a pid, its test through the runtime, its type tests.
 * @param {ReturnType<typeof import('./options.mjs').resolveOptions>} o
 * @param {{ standalone: boolean }} where standalone: outside a Gadgetry workspace
 */
export function renderOperator(o, where) {
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
    files: ['dist', 'README.md', 'CHANGELOG.md'],
    keywords: ['gadgetry', 'gadgetry-operator'],
    engines: { node: '>=22.12.0' },
    publishConfig: { access: 'public' },
    // appliesTo lets the runtime import the package only for gadgets it has something to do for
    gadgetry: { kind: 'operator', name: o.name, entry: './dist/index.js', sdk: VERSIONS.gadgetry, description: o.description, appliesTo: { kinds: ['pid'] } },
    scripts: {
      build: 'tsup',
      typecheck: 'tsc --noEmit -p tsconfig.json',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    // one SDK with the runtime that loads the operator: a peer, with the range the manifest declares
    peerDependencies: { '@gadgetry/sdk': VERSIONS.gadgetry },
    devDependencies: {
      '@gadgetry/operators': GADGETRY_RANGES['@gadgetry/operators'],
      '@gadgetry/runtime': GADGETRY_RANGES['@gadgetry/runtime'],
      '@gadgetry/sdk': VERSIONS.gadgetry,
    },
  };
  if (!where.standalone) pkg.scripts = { build: pkg.scripts.build, typecheck: pkg.scripts.typecheck, test: pkg.scripts.test };
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
    ['README.md', fill(read('operator', 'README.md'), o)],
    ['src/index.ts', fill(read('operator', 'index.ts'), o)],
    ['src/index.test.ts', fill(read('operator', 'index.test.ts'), o)],
    ['src/params.test-d.ts', read('operator', 'params.test-d.ts')],
  ]);
  const changeset = `---\n"${o.packageName}": minor\n---\n\nFirst release of the ${o.name} operator: ${o.description}\n`;
  if (where.standalone) {
    files.set('tsup.config.ts', read('operator', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('common', 'vitest.config.ts'));
    files.set('tsconfig.json', read('common', 'tsconfig.json'));
    files.set('.gitignore', read('common', 'gitignore'));
    files.set('.changeset/config.json', `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'public', baseBranch: 'main' }, null, 2)}\n`);
    files.set(`.changeset/${o.name}-first-release.md`, changeset);
  } else {
    files.set('tsup.config.ts', "import { packageBuild } from '../../tsup.shared.js';\n\nexport default packageBuild();\n");
    files.set('vitest.config.ts', read('workspace', 'vitest.config.ts'));
    files.set('tsconfig.json', read('workspace', 'tsconfig.json'));
    files.set(`../../.changeset/${o.name}-first-release.md`, changeset);
  }
  return files;
}
