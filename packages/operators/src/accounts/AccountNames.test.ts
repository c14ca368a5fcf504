import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountNames } from './AccountNames.js';

const dir = mkdtempSync(join(tmpdir(), 'accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AccountNames', () => {
  it('maps ids to names and re-reads the file when it changes', async () => {
    const file = join(dir, 'passwd');
    writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n');
    let now = 10_000;
    const names = new AccountNames(file, () => now);
    expect(names.name(0)).toBe('root');
    expect(names.name(1000)).toBe('alice');
    expect(names.name(4242)).toBe('4242');
    writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\nbob:x:4242:4242::/home/bob:/bin/sh\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(names.name(4242)).toBe('4242'); // checked at most once a second
    now += 1500;
    await new Promise((r) => setTimeout(r, 1100));
    expect(names.name(4242)).toBe('bob');
    expect(names.name(1000)).toBe('1000');
  });

  it('knows this machine\'s root', () => {
    expect(new AccountNames('/etc/passwd').name(0)).toBe('root');
  });
});
