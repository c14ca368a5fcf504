// What every package the generator makes has in common, gadget or operator:
// the package.json skeleton, the tools a standalone package brings itself,
// and the files of its first release.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The ranges of Gadgetry's packages a new package asks for: this package's
 * optional peer dependencies, which a release moves when one of them leaves
 * its range (so a published generator always scaffolds against the packages
 * released with it).
 */
export const GADGETRY_RANGES = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).peerDependencies;

/** Versions the generated package asks for. */
export const VERSIONS = {
  /** The SDK range: the package's peer dependency and its manifest's `sdk`, the range the runtime checks. */
  gadgetry: GADGETRY_RANGES['@gadgetry/sdk'],
  tsup: '^8.5.1',
  typescript: '~5.9.3',
  vitest: '^5.1.1',
  typesNode: '^24.0.0',
};

/**
 * package.json of a new package, as text.
 * @param {{ packageName: string, description: string }} o
 * @param {{ standalone: boolean }} where
 * @param {{ files: string[], keywords: string[], gadgetry: object, scripts: Record<string, string>, dependencies?: Record<string, string>, devDependencies: Record<string, string> }} own
 *   what the kind of package adds; `scripts` as a standalone package has them
 */
export function packageJson(o, where, own) {
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
    files: own.files,
    keywords: own.keywords,
    engines: { node: '>=22.12.0' },
    publishConfig: { access: 'public' },
    gadgetry: own.gadgetry,
    // inside the workspace nx runs the type check of every package (npm test), and nothing packs it by hand
    scripts: where.standalone ? own.scripts : { build: own.scripts.build, typecheck: 'tsc --noEmit -p tsconfig.json', test: own.scripts.test },
    // one SDK with the runtime that loads the package: a peer, with the range the manifest declares
    peerDependencies: { '@gadgetry/sdk': VERSIONS.gadgetry },
    ...(own.dependencies ? { dependencies: own.dependencies } : {}),
    devDependencies: { ...own.devDependencies },
  };
  if (where.standalone) {
    Object.assign(pkg.devDependencies, {
      '@changesets/cli': '^2.29.0',
      '@types/node': VERSIONS.typesNode,
      tsup: VERSIONS.tsup,
      typescript: VERSIONS.typescript,
      vitest: VERSIONS.vitest,
    });
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Adds the files of the package's first release to `files`: its changeset
 * (a minor) and, for a standalone package, the changesets config and a
 * .gitignore; inside the workspace the changeset goes to the repository's
 * .changeset folder.
 * @param {Map<string, string>} files
 * @param {{ name: string, packageName: string, description: string }} o
 * @param {{ standalone: boolean }} where
 * @param {'gadget' | 'operator'} kind
 * @param {string} gitignore the .gitignore of a standalone package
 */
export function addFirstRelease(files, o, where, kind, gitignore) {
  const changeset = `---\n"${o.packageName}": minor\n---\n\nFirst release of the ${o.name} ${kind}: ${o.description}\n`;
  if (where.standalone) {
    files.set('.gitignore', gitignore);
    files.set('.changeset/config.json', `${JSON.stringify({ changelog: '@changesets/cli/changelog', commit: false, access: 'public', baseBranch: 'main' }, null, 2)}\n`);
    files.set(`.changeset/${o.name}-first-release.md`, changeset);
  } else {
    files.set(`../../.changeset/${o.name}-first-release.md`, changeset);
  }
}
