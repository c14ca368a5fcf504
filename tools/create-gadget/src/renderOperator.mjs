// Turns resolved options into the files of an operator package (path -> text).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFirstRelease, GADGETRY_RANGES, packageJson, VERSIONS } from './packageSkeleton.mjs';

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
  const pkg = packageJson(o, where, {
    files: ['dist', 'README.md', 'CHANGELOG.md'],
    keywords: ['gadgetry', 'gadgetry-operator'],
    // appliesTo lets the runtime import the package only for gadgets it has something to do for
    gadgetry: { kind: 'operator', name: o.name, entry: './dist/index.js', sdk: VERSIONS.gadgetry, description: o.description, appliesTo: { kinds: ['pid'] } },
    scripts: { build: 'tsup', typecheck: 'tsc --noEmit -p tsconfig.json', test: 'vitest run', prepack: 'npm run build' },
    devDependencies: {
      '@gadgetry/operators': GADGETRY_RANGES['@gadgetry/operators'],
      '@gadgetry/runtime': GADGETRY_RANGES['@gadgetry/runtime'],
      '@gadgetry/sdk': VERSIONS.gadgetry,
    },
  });
  const files = new Map([
    ['package.json', pkg],
    ['README.md', fill(read('operator', 'README.md'), o)],
    ['src/index.ts', fill(read('operator', 'index.ts'), o)],
    ['src/index.test.ts', fill(read('operator', 'index.test.ts'), o)],
    ['src/params.test-d.ts', read('operator', 'params.test-d.ts')],
  ]);
  if (where.standalone) {
    files.set('tsup.config.ts', read('operator', 'tsup.config.ts'));
    files.set('vitest.config.ts', read('common', 'vitest.config.ts'));
    files.set('tsconfig.json', read('common', 'tsconfig.json'));
  } else {
    files.set('tsup.config.ts', "import { packageBuild } from '../../tsup.shared.js';\n\nexport default packageBuild();\n");
    files.set('vitest.config.ts', read('workspace', 'vitest.config.ts'));
    files.set('tsconfig.json', read('workspace', 'tsconfig.json'));
  }
  addFirstRelease(files, o, where, 'operator', read('common', 'gitignore'));
  return files;
}
