import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, LOSS_REASONS } from '@gadgetry/errors';
import { renderErrorsDoc } from '../src/renderErrorsDoc.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOC = join(ROOT, 'docs/errors.md');
const BIN = resolve(import.meta.dirname, '../bin/gadgetry-error-docs.mjs');
const work = mkdtempSync(join(tmpdir(), 'gadgetry-errors-doc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const check = (doc: string) => spawnSync(process.execPath, [BIN, '--check', '--doc', doc], { encoding: 'utf8', cwd: work });

describe('docs/errors.md', () => {
  it('is what the lists of @gadgetry/errors make (regenerate: node tools/error-codes/bin/gadgetry-error-docs.mjs)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderErrorsDoc());
    const r = check(DOC);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('has every code, with its exit status, meaning and fix, and every loss reason', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const [code, { exit }] of Object.entries(ERROR_CODES)) {
      const section = doc.split(`\n### ${code}\n`)[1]?.split('\n### ')[0];
      expect(section, code).toBeDefined();
      expect(section).toContain(exit === 'usage' ? 'Exit status 2 (usage)' : 'Exit status 1 (failure)');
      expect(section).toMatch(/\*\*Fix:\*\* \S/);
    }
    for (const reason of Object.keys(LOSS_REASONS)) expect(doc).toContain(`| \`${reason}\` |`);
  });

  it('the check fails naming a code the doc lacks, and says stale when a text changed', () => {
    const doc = readFileSync(DOC, 'utf8');
    const lacking = join(work, 'lacking.md');
    writeFileSync(lacking, doc.replace(/\n### RINGBUF_FAILED\n[\s\S]*?(?=\n### )/, ''));
    const r = check(lacking);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('lacking.md lacks RINGBUF_FAILED; regenerate it: node tools/error-codes/bin/gadgetry-error-docs.mjs\n');
    const stale = join(work, 'stale.md');
    writeFileSync(stale, doc.replace('Install it: apt-get install libbpf1.', 'Install libbpf.'));
    expect(check(stale).stderr).toBe('stale.md is stale; regenerate it: node tools/error-codes/bin/gadgetry-error-docs.mjs\n');
    expect(check(join(work, 'none.md')).stderr).toMatch(/^none\.md is missing; regenerate it/);
  });

  it('escapes what Markdown would take for HTML', () => {
    expect(renderErrorsDoc()).toContain('gadgetry describe &lt;gadget&gt; lists every param');
    expect(renderErrorsDoc()).not.toMatch(/<gadget>|<command>/);
  });
});
