import { packageTests } from '../../vitest.shared.js';

// *.test-d.ts are type tests: vitest runs tsc over them and reports each as a test
export default packageTests({ typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: 'tsconfig.json' } });
