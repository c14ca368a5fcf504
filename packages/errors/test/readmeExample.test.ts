// The README's example runs, and prints what the README says it prints.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const PKG = resolve(import.meta.dirname, '..');

describe('the README example', () => {
  it('runs and prints what the README shows', () => {
    const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    const shown = /```console\n\$ node example\.mjs; echo "exit \$\?"\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    expect(shown).toBeDefined();
    // inside the package, so '@gadgetry/errors' resolves to this workspace's build
    const dir = join(PKG, 'test', '.build');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'example.mjs'), code!);
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(`${r.stdout}exit ${r.status}\n`).toBe(shown);
  });
});
