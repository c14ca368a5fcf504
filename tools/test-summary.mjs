#!/usr/bin/env node
// Adds up the vitest JSON reports of every package and prints one closing line.
// Exits non-zero when a report is missing, a test failed, nothing ran, or the
// nx run before it (type checks and tests) failed: `test-summary.mjs <nx exit status>`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const failures = [];
for (const group of ['packages', 'gadgets', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkgJson = join(dir, name, 'package.json');
    if (!existsSync(pkgJson)) continue;
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const report = join(dir, name, 'test-results.json');
    if (!existsSync(report)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // the names and first lines of failures, so a log cut short above still says what broke
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status !== 'failed') continue;
        const why = (t.failureMessages?.[0] ?? '').split('\n').slice(0, 3).join(' | ').slice(0, 400);
        failures.push(`FAILED ${group}/${name}: ${t.fullName}\n    ${why}`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`FAILED ${group}/${name}: ${file.name.slice(root.length)}\n    ${(file.message ?? '').split('\n')[0].slice(0, 400)}`);
      }
    }
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
}
const nxStatus = Number(process.argv[2] ?? 0);
for (const f of failures) console.log(f);
for (const m of missing) console.log(`no test report from ${m}`);
if (nxStatus !== 0) console.log(`nx exited with status ${nxStatus}: a type check, build or test failed (see "Failed tasks" above)`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (process.env.GADGETRY_STRICT === '1' && skipped > 0) {
  console.log('GADGETRY_STRICT=1: skipped tests count as failures here');
  process.exitCode = 1;
}
if (nxStatus !== 0 || failed > 0 || missing.length > 0 || passed === 0) process.exitCode = 1;
