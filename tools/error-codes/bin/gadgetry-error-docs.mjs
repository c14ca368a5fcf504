#!/usr/bin/env node
// Writes docs/errors.md from @gadgetry/errors, or with --check fails when it
// is not what the lists make (a code missing, a fix changed).
//   node tools/error-codes/bin/gadgetry-error-docs.mjs [--check] [--doc path]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ERROR_CODES } from '@gadgetry/errors';
import { renderErrorsDoc } from '../src/renderErrorsDoc.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({ options: { check: { type: 'boolean' }, doc: { type: 'string' } } });
const doc = values.doc ?? join(ROOT, 'docs/errors.md');
const shown = relative(process.cwd(), doc) || doc;
const want = renderErrorsDoc();

if (!values.check) {
  writeFileSync(doc, want);
  console.log(`wrote ${shown} (${Object.keys(ERROR_CODES).length} error codes)`);
} else {
  const have = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  if (have === want) {
    console.log(`${shown} is current (${Object.keys(ERROR_CODES).length} error codes)`);
  } else {
    const missing = Object.keys(ERROR_CODES).filter((c) => !have.includes(`\n### ${c}\n`));
    const why = !have ? 'is missing' : missing.length ? `lacks ${missing.join(', ')}` : 'is stale';
    console.error(`${shown} ${why}; regenerate it: node tools/error-codes/bin/gadgetry-error-docs.mjs`);
    process.exitCode = 1;
  }
}
