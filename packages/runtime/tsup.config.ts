import { packageBuild } from '../../tsup.shared.js';

// the CLI is its own entry; the library's types come from src/index.ts alone
export default packageBuild({ entry: ['src/index.ts', 'src/cli.ts'], dts: { entry: 'src/index.ts' } });
