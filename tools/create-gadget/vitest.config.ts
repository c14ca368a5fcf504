import { packageTests } from '../../vitest.shared.js';

// generating, building and installing gadgets takes minutes
export default packageTests({ include: ['test/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 120_000 });
