import { packageTests } from '../../vitest.shared.js';

// compiles test/fixtures/*.bpf.c once before the tests
export default packageTests({ include: ['test/**/*.test.ts'], globalSetup: ['test/buildFixtures.ts'] });
