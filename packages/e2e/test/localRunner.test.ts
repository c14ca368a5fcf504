// The runner seam: LocalRunner runs real gadgets and yields plain-JSON
// messages tagged with the node; what the CLI prints is built from the
// gadget's info and those messages only, so messages that went through JSON
// (a remote run) print byte for byte what the local ones do.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kernelTestGate } from '@gadgetry/native-bpf';
import {
  GadgetCatalog,
  isGadgetInfo,
  LocalRunner,
  RunMessagePrinter,
  runMessageFromJson,
  runMessageToJson,
  type CliIO,
  type GadgetInfo,
  type RunMessage,
} from '@gadgetry/runtime';
import { bpfObjectsLeft, newBpfObjects, ownFds } from '../../native-bpf/test/ownKernelObjects.js';

const skip = kernelTestGate();
const runner = new LocalRunner(new GadgetCatalog());

/** Runs trace_exec, starts /bin/true once it is attached, and stops when that exec arrives (or after 20 s). */
async function execRun(): Promise<{ messages: RunMessage[]; pid: number | undefined }> {
  const controller = new AbortController();
  const messages: RunMessage[] = [];
  let pid: number | undefined;
  for await (const m of runner.run('trace_exec', {}, { signal: controller.signal, timeoutMs: 20_000 })) {
    messages.push(m);
    if (m.type === 'started') pid = spawnSync('/bin/true').pid;
    if (m.type === 'events' && m.events.some((e) => e.pid === pid)) controller.abort();
  }
  return { messages, pid };
}

/** What `gadgetry run` prints for these messages: stdout, stderr and the exit status. */
async function printed(info: GadgetInfo, messages: RunMessage[], format: string, fields?: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { out: (t) => (stdout += t), err: (t) => (stderr += t), env: {}, cwd: '/' };
  const printer = new RunMessagePrinter(info, io, { format, verbose: false, ...(fields ? { fields } : {}) });
  const code = await printer.printAll((async function* () {
    yield* messages;
  })());
  return { stdout, stderr, code };
}

const viaJson = (messages: RunMessage[]) => messages.map((m) => runMessageFromJson(runMessageToJson(m)));

describe('GadgetInfo of the built-in gadgets', () => {
  it('is plain JSON: it comes back from JSON.stringify/JSON.parse unchanged and matches its schema', async () => {
    const { gadgets } = await runner.list();
    expect(gadgets.length).toBeGreaterThan(10);
    const infos = await Promise.all(gadgets.map((g) => runner.describe(g.name)));
    fc.assert(
      fc.property(fc.constantFrom(...infos), (info) => {
        expect(isGadgetInfo(info)).toBe(true);
        expect(JSON.parse(JSON.stringify(info))).toStrictEqual(info);
      }),
      { numRuns: 100 },
    );
    const exec = infos.find((i) => i.name === 'trace_exec')!;
    // the operators' fields are in it, with the operator that adds them
    expect(exec.fields.find((f) => f.name === 'user')).toMatchObject({ addedBy: expect.any(String) });
    expect(exec.fields.find((f) => f.name === 'pid')?.schema).toMatchObject({ kind: 'pid' });
  });
});

describe.skipIf(skip)('LocalRunner', () => {
  it('yields a /bin/true started during a trace_exec run as an events message tagged with this node', async () => {
    const { messages, pid } = await execRun();
    expect(pid).toBeGreaterThan(0);
    // debug logs of the lifecycle's steps come first
    const types = messages.map((m) => m.type).filter((t) => t !== 'log');
    expect(types[0]).toBe('started');
    expect(messages.find((m) => m.type === 'started')).toMatchObject({ host: { bootToEpochNs: expect.stringMatching(/^\d+$/), arch: expect.any(String) } });
    expect(types.slice(-2)).toEqual(['stats', 'done']);
    const batch = messages.find((m) => m.type === 'events' && m.events.some((e) => e.pid === pid));
    expect(batch).toMatchObject({ type: 'events', node: hostname() });
    const event = (batch as Extract<RunMessage, { type: 'events' }>).events.find((e) => e.pid === pid)!;
    expect(event.comm).toBe('true');
    for (const m of messages) expect(m.node).toBe(hostname());
    expect(messages.at(-1)).toMatchObject({ type: 'done', reason: 'stopped', cleanupErrors: [] });
  });

  it('ends the run when the iteration is left early, and leaves no BPF objects or fds of this process', async () => {
    const before = ownFds();
    let loaded: string[] = [];
    const seen: string[] = [];
    for await (const m of runner.run('trace_exec', {}, { timeoutMs: 20_000 })) {
      if (m.type !== 'log') seen.push(m.type);
      if (m.type === 'started') {
        loaded = newBpfObjects(before, ownFds());
        break;
      }
    }
    expect(seen).toEqual(['started']);
    expect(loaded.length).toBeGreaterThan(0);
    // leaving the loop waited for the run's end: its fds are closed already
    expect(newBpfObjects(before, ownFds())).toEqual([]);
    expect(await bpfObjectsLeft(loaded)).toEqual([]);
  });

  it('ends an aborted run with done, its kernel objects released', async () => {
    const before = ownFds();
    const controller = new AbortController();
    let loaded: string[] = [];
    const messages: RunMessage[] = [];
    for await (const m of runner.run('trace_exec', {}, { signal: controller.signal, timeoutMs: 20_000 })) {
      messages.push(m);
      if (m.type === 'started') {
        loaded = newBpfObjects(before, ownFds());
        controller.abort();
      }
    }
    expect(messages.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(loaded.length).toBeGreaterThan(0);
    expect(newBpfObjects(before, ownFds())).toEqual([]);
    expect(await bpfObjectsLeft(loaded)).toEqual([]);
  });

  it('reports an unknown gadget as an error message, not a throw', async () => {
    const messages: RunMessage[] = [];
    for await (const m of runner.run('no_such_gadget', {})) messages.push(m);
    expect(messages).toEqual([{ type: 'error', node: hostname(), error: expect.objectContaining({ code: 'GADGET_NOT_FOUND' }) }]);
  });

  it('prints the same bytes for a run whose info and messages went through JSON as for the run itself', async () => {
    const info = await runner.describe('trace_exec');
    const { messages, pid } = await execRun();
    const remoteInfo = JSON.parse(JSON.stringify(info)) as GadgetInfo;
    const remoteMessages = viaJson(messages);
    for (const [format, fields] of [['columns'], ['columns', ['timestamp', 'pid', 'comm', 'user', 'args']], ['json'], ['jsonpretty'], ['yaml']] as const) {
      const local = await printed(info, messages, format, fields ? [...fields] : undefined);
      const remote = await printed(remoteInfo, remoteMessages, format, fields ? [...fields] : undefined);
      expect(remote).toEqual(local);
      expect(local.code).toBe(0);
      expect(local.stdout).toContain(String(pid));
      expect(local.stderr).toMatch(/^trace_exec: \d+ events? in|"summary"/m);
    }
  });
});
