import { packageTests } from '../../vitest.shared.js';

// compiles test/fixtures/*.bpf.c once before the kernel tests
export default packageTests({ globalSetup: ['test/buildFixtures.ts'] });
