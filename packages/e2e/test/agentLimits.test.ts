import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import type { RunMessage } from '@gadgetry/runtime';
import { RemoteRunner } from '@gadgetry/remote';
import { GADGETRY, heldObjects, rssOf, startAgent, type AgentProcess } from './fixtures/agentProcess.js';
import { ROOT } from './fixtures/workspace.js';

const skip = kernelTestGate();
const MiB = 1024 * 1024;
/** Opens the flood makes: at ~100k traced opens/s here, far more than a stalled client's queue holds. */
const FLOOD_OPENS = 400_000;
/** How far the agent's RSS may grow while its client reads nothing (measured: about 40 MiB). */
const RSS_GROWTH_BOUND = 96 * MiB;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process that opens /dev/null `count` times, then exits. */
function openFlood(count: number): Promise<void> {
  const child = spawn('perl', ['-e', `for(1..${count}){open(F,"</dev/null");close F}`], { stdio: 'ignore' });
  return new Promise((res) => child.on('exit', () => res()));
}

describe.skipIf(skip)('gadgetry serve: bounded per client, nothing left behind', () => {
  let dir: string;
  let agent: AgentProcess;
  let socket: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gadgetry-agent-limits-'));
    socket = `unix://${dir}/run/agent.sock`;
    agent = await startAgent(['--listen', socket, '--node-name', 'limits-node']);
  });

  afterAll(async () => {
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its memory bounded under an open() flood while the client reads nothing, and tells the client exactly how many events were lost', { timeout: 90_000 }, async () => {
    const client = new RemoteRunner(socket);
    try {
      // the run ends by itself, so every message the agent sends reaches the client
      const stream = client.run('trace_open', {}, { timeoutMs: 12_000 });
      const it = stream[Symbol.asyncIterator]();
      let first = await it.next();
      while (!first.done && first.value.type !== 'started') first = await it.next();
      expect(first.value).toMatchObject({ type: 'started', node: 'limits-node' });
      const baseline = rssOf(agent.pid());
      // the client now reads nothing for several seconds while the host opens files as fast as it can
      const flood = openFlood(FLOOD_OPENS);
      let peak = baseline;
      const stallEnd = Date.now() + 6000;
      while (Date.now() < stallEnd) {
        await sleep(100);
        peak = Math.max(peak, rssOf(agent.pid()));
      }
      await flood;
      const lost = new Map<string, number>();
      let events = 0;
      let bytes = 0;
      let sampled = 0;
      let done: RunMessage | undefined;
      for (let n = await it.next(); !n.done; n = await it.next()) {
        const m = n.value;
        if (m.type === 'events') {
          events += m.events.length;
          if (bytes < 4 * MiB) {
            bytes += JSON.stringify(m.events, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).length;
            sampled += m.events.length;
          }
        }
        if (m.type === 'lost') lost.set(m.reason, (lost.get(m.reason) ?? 0) + m.count);
        if (m.type === 'done') done = m;
      }
      expect(done).toMatchObject({ type: 'done', reason: 'timeout' });
      const lostTotal = [...lost.values()].reduce((a, b) => a + b, 0);
      expect(lostTotal).toBeGreaterThan(0);
      // what the agent says it passed on as lost, for this run
      const said = await agent.waitFor(/run \d+ for .* ended: (\d+) events sent, (\d+) lost/);
      expect(Number(said[1])).toBe(events);
      expect(Number(said[2])).toBe(lostTotal);
      const growth = peak - baseline;
      const perEvent = bytes / Math.max(1, sampled);
      console.log(`agent RSS ${Math.round(baseline / MiB)} MiB -> peak ${Math.round(peak / MiB)} MiB while stalled; ${events} events delivered, lost ${JSON.stringify(Object.fromEntries(lost))}`);
      expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
      // holding the lost events instead would have taken far more than the agent grew
      expect(lostTotal * Math.max(perEvent, 100)).toBeGreaterThan(2 * growth);
    } finally {
      client.close();
    }
  });

  it('50 connect/run/disconnect cycles leave no BPF programs, maps, links or fds behind in the agent', { timeout: 180_000 }, async () => {
    const pid = agent.pid();
    const idle = async (): Promise<ReturnType<typeof heldObjects>> => {
      // runs end and connections close asynchronously after a client leaves
      const end = Date.now() + 10_000;
      for (;;) {
        await sleep(200);
        const held = heldObjects(pid);
        if (held.bpf.length === 0 || Date.now() > end) return held;
      }
    };
    const before = await idle();
    expect(before.bpf).toEqual([]);
    let cycles = 0;
    for (let i = 0; i < 50; i++) {
      if (i % 5 === 4) {
        // a client process killed mid-run: it never cancels, its connection just goes away
        const cli = spawn(process.execPath, [GADGETRY, 'run', '--remote', socket, 'trace_exec'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
        await new Promise<void>((res) => cli.stdout!.once('data', () => res()));
        const during = heldObjects(pid);
        expect(during.bpf.length).toBeGreaterThan(0);
        cli.kill('SIGKILL');
        await new Promise((res) => cli.on('exit', res));
      } else {
        const client = new RemoteRunner(socket);
        const controller = new AbortController();
        for await (const m of client.run(i % 2 ? 'trace_exec' : 'trace_open', {}, { signal: controller.signal })) {
          if (m.type === 'started') {
            expect(heldObjects(pid).bpf.length).toBeGreaterThan(0);
            // half cancel the call, half leave the iteration
            if (i % 2) controller.abort();
            else break;
          }
        }
        client.close();
      }
      cycles++;
    }
    expect(cycles).toBe(50);
    const after = await idle();
    expect(after.bpf).toEqual([]);
    // gRPC keeps no connection of a client that left; allow for the listening socket's neighbours settling
    expect(after.fds).toBeLessThanOrEqual(before.fds + 2);
    expect(agent.stderr()).not.toMatch(/Error|error:/);
  });
});
