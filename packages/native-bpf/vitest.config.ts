import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/buildFixtures.ts'],
    testTimeout: 30_000,
    fileParallelism: false,
  },
});
