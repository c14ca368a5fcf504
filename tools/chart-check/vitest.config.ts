import { packageTests } from '../../vitest.shared.js';

export default packageTests({ include: ['test/**/*.test.ts'], testTimeout: 60_000 });
