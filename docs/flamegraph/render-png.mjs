#!/usr/bin/env node
// node docs/flamegraph/render-png.mjs IN.svg OUT.png: renders a flame graph
// SVG to a PNG with the system's headless Chromium (playwright-core drives
// it; nothing is downloaded), at the SVG's own size.
import { renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node docs/flamegraph/render-png.mjs IN.svg OUT.png');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(pathToFileURL(resolve(input)).href);
  const svg = page.locator('svg').first();
  const temp = `${output}.tmp.png`;
  await svg.screenshot({ path: temp });
  renameSync(temp, output);
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
}
