// The test setup every package in this repository shares. A package's
// vitest.config.ts calls packageTests() with only what it does differently
// (each option given replaces the shared one).
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

export function packageTests(test: TestOptions = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // kernel and container tests take seconds, and must not run beside each other
      testTimeout: 30_000,
      fileParallelism: false,
      // tools/test-summary.mjs adds up every package's test-results.json
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      ...test,
    },
  });
}
