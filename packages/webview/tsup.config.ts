import { copyFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// The server (dist/index.js) and the page, bundled for the browser with its
// dependencies (Preact, uPlot) into dist/page: served as they are, no CDN.
export default [
  packageBuild({ clean: false }),
  defineConfig({
    entry: { app: 'src/page/main.tsx' },
    outDir: 'dist/page',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: false,
    clean: false,
    minify: true,
    splitting: false,
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.jsx = 'automatic';
      options.jsxImportSource = 'preact';
    },
    onSuccess: async () => {
      mkdirSync('dist/page', { recursive: true });
      copyFileSync('src/page/index.html', 'dist/page/index.html');
    },
  }),
];
