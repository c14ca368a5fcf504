import { packageBuild } from '../../tsup.shared.js';

// filterSyntax: the browser-safe part (@gadgetry/operators/filter-syntax)
export default packageBuild({ entry: ['src/index.ts', 'src/filterSyntax.ts'] });
