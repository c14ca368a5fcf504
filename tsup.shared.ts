// The build every TypeScript package in this repository shares. A package's
// tsup.config.ts calls packageBuild() with only what it does differently.
import { defineConfig, type Options } from 'tsup';

export function packageBuild(overrides: Options = {}) {
  return defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: true, target: 'node22', ...overrides });
}
