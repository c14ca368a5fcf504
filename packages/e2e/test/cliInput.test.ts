// What the CLI refuses and escapes when it runs the real gadgets (the same
// with pure-JavaScript gadgets is in packages/runtime/test/cliInput.test.ts).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { RAW_CONTROL } from '../../runtime/test/fixtures/nastyStrings.js';
import { expectRefusal } from '../../runtime/test/fixtures/expectRefusal.js';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const run = (args: string[]) => runCli(args, ROOT, { timeoutMs: 10_000 });

describe.skipIf(skip)('gadgetry refuses real gadgets\' params that would mean something else', () => {
  it('a ring buffer past 1 GiB is refused before loading, not wrapped to 2 GiB', async () => {
    const r = await run(['run', 'trace_exec', '--buffer-kb', '6291456', '--timeout', '1']);
    expectRefusal(r, 'buffer-kb', /^error: invalid value "6291456" for --buffer-kb of gadget "trace_exec": expected integer \(4\.\.1048576\) \[PARAM_INVALID\]$/);
  });

  it('empty --containername, exit 2 instead of tracing every container', async () => {
    const r = await run(['run', 'trace_exec', '--containername', '', '--timeout', '1']);
    expectRefusal(r, 'containername', /^error: empty --containername; give container names separated by commas \(see gadgetry list-containers\) \[PARAM_INVALID\]$/);
  });
});

describe.skipIf(skip)('gadgetry flags on the real gadgets', () => {
  it('run snapshot_process --threads lists threads', async () => {
    const r = await run(['run', 'snapshot_process', '-o', 'json', '--fields', 'pid,tid', '--threads']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pid: number; tid: number });
    // the runner's own Node process has worker threads: some row is a thread that is not its process's leader
    expect(rows.some((row) => row.tid !== row.pid)).toBe(true);
  });

  it('sorts snapshot_process by user name', async () => {
    const r = await run(['run', 'snapshot_process', '--sort', 'user,pid', '-o', 'json', '--fields', 'user']);
    expect(r.code, r.stderr).toBe(0);
    const users = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { user: string }).user);
    expect(users.length).toBeGreaterThan(1);
    expect(users).toEqual([...users].sort((a, b) => a.localeCompare(b)));
  });
});

describe.skipIf(skip)('gadgetry escapes what the real gadgets report', () => {
  it('trace_exec columns show a hostile argument escaped, on its own line', async () => {
    const marker = `gadgetry-escape-${process.pid}`;
    let spawned = false;
    const r = await runCli(['run', 'trace_exec', '--filter', `args:~${marker}`, '--timeout', '3'], ROOT, {
      timeoutMs: 15_000,
      onStdout: (text) => {
        if (spawned || !text.includes('\n')) return;
        spawned = true; // the header is out: the gadget is attached
        spawnSync('/bin/true', [`${marker}\x1b[2J\nroot 1 sshd /etc/shadow`]);
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${marker}\\x1b[2J\\nroot 1 sshd /etc/shadow`);
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
  });

  it('the warning about an absent container escapes its name', async () => {
    const r = await run(['run', 'trace_exec', '--containername', 'web\x1b[2J', '--timeout', '0.5']);
    expect(r.code, r.stderr).toBe(0);
    const [warning, ...rest] = r.stderr.split('\n');
    expect(warning).toBe('warn: no running container named web\\x1b[2J yet; its events appear once it starts');
    expect(rest).toEqual([expect.stringMatching(/^trace_exec: \d+ events? in \d+\.\d s, \d+ lost/), '']);
  });
});
