import { packageBuild } from '../../tsup.shared.js';

// the CLI is its own entry, and cliProcess the gadgetry command's (importing less than the library's index);
// wireValue is what a web page bundles to read the wire form; the library's types come from src/index.ts alone
export default packageBuild({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', cliProcess: 'src/cliProcess.ts', wire: 'src/runner/wireValue.ts' },
  dts: { entry: { index: 'src/index.ts', wire: 'src/runner/wireValue.ts' } },
});
