import { packageBuild } from '../../tsup.shared.js';

// the CLI is its own entry, and cliProcess the gadgetry command's (importing less than the library's index); the library's types come from src/index.ts alone
export default packageBuild({ entry: ['src/index.ts', 'src/cli.ts', 'src/cliProcess.ts'], dts: { entry: 'src/index.ts' } });
