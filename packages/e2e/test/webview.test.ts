// gadgetry run --ui through the real CLI and kernel, the page opened in the
// system's Chromium (playwright-core, headless, no browser downloaded).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GADGETRY, startAgent } from './fixtures/agentProcess.js';
import { ROOT } from './fixtures/workspace.js';
import { SPIN_SOURCE, spinningPrograms } from '../../shapes/test/fixtures/spinningPrograms.js';

const skip = kernelTestGate();
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the pages tested (git-ignored); one is the README's. */
const ARTIFACTS = join(ROOT, 'packages/e2e/artifacts');
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-webview-e2e-'));
const programs = spinningPrograms('gadgetry-webview-');
const started: ChildProcess[] = [];
let browser: Browser | undefined;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--disable-gpu'] });
});
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  programs.killRunning();
});
afterAll(async () => {
  await browser?.close();
  programs.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls `check` every 100 ms for at most `ms`; returns its last value. */
async function poll<T>(check: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(check()).catch(() => undefined);
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `gadgetry run <args>` from the workspace; `url` resolves with the address it prints on stderr. */
function gadgetryRun(args: string[], stdout: 'pipe' | 'ignore' = 'pipe') {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [GADGETRY, 'run', ...args], { cwd: ROOT, env, stdio: ['ignore', stdout, 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stdout?.resume();
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = new Promise<number | null>((r) => child.on('close', r));
  const url = async () => {
    const found = await poll(() => /^ui: (http:\S+)$/m.exec(stderr)?.[1], 20_000);
    if (!found) throw new Error(`no ui: line on stderr: ${stderr}`);
    return found;
  };
  return { child, code, url, stderr: () => stderr };
}

async function openPage(url: string, ready = 'main.run'): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(ready);
  return page;
}

/** The texts of one column of the table, top to bottom, by field name. */
const columnTexts = (page: Page, field: string) =>
  page.$$eval(
    'table.data',
    (tables, name) => {
      const table = tables[0]!;
      const at = [...table.querySelectorAll('th')].findIndex((th) => th.getAttribute('data-field') === name);
      return [...table.querySelectorAll('tr.row')].map((tr) => tr.children[at]?.textContent ?? '');
    },
    field,
  );

describe.skipIf(skip)('gadgetry run --ui', () => {
  it('trace_exec: a /bin/true run shows as a row; the page sorts and filters with --filter syntax', async () => {
    const run = gadgetryRun(['trace_exec', '--ui', '-o', 'json']);
    const page = await openPage(await run.url());
    const marker = `webview-${process.pid}-${Date.now()}`;
    // other processes of the machine exec too: the filter keeps the marker's rows in view
    // (the table draws only the rows in view, newest first)
    await page.fill('#filter', `args:~${marker}`);
    const seen = await poll(async () => {
      execFileSync('/bin/true', [marker]);
      execFileSync('/bin/sh', ['-c', 'true']);
      const texts = await page.$$eval('tr.row', (rows) => rows.map((r) => r.textContent ?? ''));
      return texts.some((t) => t.includes(marker)) ? true : undefined;
    }, 15_000);
    expect(seen, 'the marker row appears in the page').toBe(true);
    await page.fill('#filter', '');
    // the run's cost, as --stats reports it, each second
    await page.waitForSelector('#stat-rss .value:has-text("MiB")', { timeout: 15_000 });
    expect(await page.textContent('#stat-maps .value')).toMatch(/^\d+\.\d MiB$/);
    expect(await page.textContent('#stat-bpf .value')).toMatch(/^(\d+\.\d ms|unavailable|not reported)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'webview-trace_exec.png') });

    // sort by PID: ascending, then descending
    await page.click('th[data-field="pid"]');
    await page.waitForSelector('th[data-field="pid"]:has-text("▲")');
    const ascending = (await columnTexts(page, 'pid')).map(Number);
    expect(ascending.length).toBeGreaterThan(1);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('th[data-field="pid"]');
    await page.waitForSelector('th[data-field="pid"]:has-text("▼")');
    const descending = (await columnTexts(page, 'pid')).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));

    // filter: the CLI's syntax, the CLI's messages
    await page.fill('#filter', 'comm:true');
    await page.press('#filter', 'Enter');
    const comms = await poll(async () => {
      const texts = await columnTexts(page, 'comm');
      return texts.length > 0 && texts.every((t) => t === 'true') ? texts : undefined;
    }, 15_000);
    expect(comms, 'only comm true rows are left').toBeDefined();
    await page.fill('#filter', `args:~${marker}`);
    await page.press('#filter', 'Enter');
    // the loop above ran /bin/true <marker> until its row showed: one row or a few, each with the marker
    const args = await poll(async () => {
      const texts = await columnTexts(page, 'args');
      return texts.length >= 1 && texts.every((t) => t === `/bin/true ${marker}`) ? texts : undefined;
    }, 15_000);
    expect(args, 'only the marker rows are left').toBeDefined();
    // pause freezes what is shown; resume shows what came meanwhile (the filter above matches it too)
    await page.click('#pause');
    await page.waitForSelector('#pause:text-is("Resume")');
    const later = `${marker}-later`;
    execFileSync('/bin/true', [later]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.$$eval('tr.row', (rows, m) => rows.some((r) => (r.textContent ?? '').includes(m)), later)).toBe(false);
    await page.click('#pause');
    await page.waitForSelector(`tr.row:has-text("${later}")`, { timeout: 15_000 });
    await page.fill('#filter', '');

    // the column picker: fields annotated hidden start unchecked; unchecking one drops its column
    await page.click('details.columns summary');
    await page.uncheck('input[name="col-ppid"]');
    await page.waitForSelector('th[data-field="ppid"]', { state: 'detached' });
    expect(await page.$$eval('th', (ths) => ths.map((th) => th.getAttribute('data-field')))).not.toContain('ppid');
    await page.check('input[name="col-ppid"]');
    await page.waitForSelector('th[data-field="ppid"]');
    // timestamp is hidden by default; shown, it reads as the CLI's columns show it (a time of day)
    expect(await page.isChecked('input[name="col-timestamp"]')).toBe(false);
    await page.check('input[name="col-timestamp"]');
    await page.waitForSelector('th[data-field="timestamp"]');
    const times = await columnTexts(page, 'timestamp');
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t).toMatch(/^\d\d:\d\d:\d\d\.\d+$/);
    await page.click('details.columns summary');

    await page.fill('#filter', 'nosuchfield:1');
    await page.press('#filter', 'Enter');
    await page.waitForSelector('#filter-error');
    expect(await page.textContent('#filter-error')).toMatch(/^unknown field "nosuchfield" in --filter "nosuchfield:1"; fields: /);
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  });

  it('top_file: the table refreshes in place each interval and shows the file the test reads', async () => {
    const run = gadgetryRun(['top_file', '--interval', '1', '--ui']);
    const page = await openPage(await run.url());
    const file = join(dir, `webview-top-${process.pid}.dat`);
    writeFileSync(file, 'x'.repeat(4096));
    const intervals = new Set<string>();
    const found = await poll(async () => {
      for (let i = 0; i < 50; i++) readFileSync(file);
      intervals.add((await page.textContent('#interval-count')) ?? '');
      const files = await columnTexts(page, 'file');
      return intervals.size >= 3 && files.some((f) => f.includes(`webview-top-${process.pid}.dat`)) ? files : undefined;
    }, 15_000);
    expect(found, `intervals seen: ${[...intervals].join(' | ')}`).toBeDefined();
    // the row's trend has points from more than one interval
    await page.screenshot({ path: join(ARTIFACTS, 'webview-top_file.png') });
    expect(await page.$$eval('svg.spark polyline', (lines) => lines.length)).toBeGreaterThan(0);
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  });

  it('profile_runqlat --interval 1: the histogram of each interval shows as bars', async () => {
    const run = gadgetryRun(['profile_runqlat', '--interval', '1', '--ui']);
    const page = await openPage(await run.url());
    // the scheduler runs tasks all the time; a few execs make sure of it
    const bars = await poll(async () => {
      execFileSync('/bin/sh', ['-c', 'true']);
      const widths = await page.$$eval('tr.slot .bar', (divs) => divs.map((d) => d.getAttribute('style') ?? ''));
      return widths.length > 0 ? widths : undefined;
    }, 15_000);
    expect(bars).toBeDefined();
    // the fullest slot is the full width; every bar a share of it
    expect(bars).toContain('width: 100%;');
    expect(await page.textContent('.histogram figcaption')).toMatch(/^\d+ values \(usecs\)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'webview-profile_runqlat.png') });
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  });

  it('profile_cpu: the flame graph shows the spinning program, burn_cpu above main', async () => {
    const spin = programs.build('spin', SPIN_SOURCE);
    const pid = await programs.start(spin);
    const run = gadgetryRun(['profile_cpu', '--pid', String(pid), '--frequency', '99', '--timeout', '4', '--ui']);
    const page = await openPage(await run.url());
    await page.waitForSelector('#flamegraph g.frame[data-frame="burn_cpu"]', { timeout: 20_000 });
    const frames = await page.$$eval('#flamegraph g.frame', (gs) => gs.map((g) => g.getAttribute('data-frame')));
    expect(frames).toEqual(expect.arrayContaining(['all', 'spin', 'main', 'burn_cpu']));
    // burn_cpu is drawn above main (its caller): a smaller y
    const y = (name: string) => page.$eval(`#flamegraph g.frame[data-frame="${name}"] rect`, (r) => Number(r.getAttribute('y')));
    expect(await y('burn_cpu')).toBeLessThan(await y('main'));
    await page.screenshot({ path: join(ARTIFACTS, 'webview-profile_cpu.png') });
    expect(await run.code).toBe(0);
  });
});


/** VmHWM of a process, in KiB: the most resident memory it has had. */
const vmHwmKiB = (pid: number) => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

/** A child that opens and closes a file as fast as it can for `ms`, then exits. */
function openFlood(file: string, ms: number): ChildProcess {
  const child = spawn(process.execPath, ['-e', `const fs=require('fs');const end=Date.now()+${ms};let n=0;while(Date.now()<end){fs.closeSync(fs.openSync(${JSON.stringify(file)},'r'));n++}process.stdout.write(n+'\\n')`], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  return child;
}

describe.skipIf(skip)('gadgetry run --ui: a tab that stops reading', () => {
  it('trace_open under an open() flood: a client that reads nothing for 30 s leaves RSS bounded and is told how many events it missed', async () => {
    const run = gadgetryRun(['trace_open', '--ui'], 'ignore');
    const url = new URL(await run.url());
    const file = join(dir, 'flooded');
    writeFileSync(file, '');
    // a raw SSE client: reads the first messages, then stops reading (the socket buffers fill)
    let received = '';
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/events' }, resolve);
      req.on('error', reject);
      req.end();
    });
    response.setEncoding('utf8');
    response.on('data', (d: string) => (received += d));
    expect(await poll(() => (received.includes('"started"') ? true : undefined), 10_000)).toBe(true);
    // warm up: the flood with the client reading, so the runtime's steady state is in the baseline
    const warm = openFlood(file, 3000);
    await new Promise((r) => warm.on('close', r));
    expect(await poll(() => (received.includes('"events"') ? true : undefined), 5000)).toBe(true);
    const before = vmHwmKiB(run.child.pid!);
    response.pause();
    const flood = openFlood(file, 30_000);
    let opens = '';
    flood.stdout!.on('data', (d: Buffer) => (opens += d.toString()));
    // resident memory every 2 s while the client reads nothing (15 samples)
    const rssMiB: number[] = [];
    const sampler = setInterval(() => rssMiB.push(Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${run.child.pid}/status`, 'utf8'))?.[1]) / 1024), 2000);
    await new Promise((r) => flood.on('close', r));
    clearInterval(sampler);
    const after = vmHwmKiB(run.child.pid!);
    const growthMiB = (after - before) / 1024;
    console.log(`webview stalled client: ${opens.trim()} opens in 30 s, VmHWM ${(before / 1024).toFixed(0)} -> ${(after / 1024).toFixed(0)} MiB (+${growthMiB.toFixed(1)} MiB); VmRSS every 2 s: ${rssMiB.map((m) => m.toFixed(0)).join(' ')}`);
    expect(Number(opens)).toBeGreaterThan(100_000);
    // the queue holds 4 MiB of text and the sockets what the kernel buffers; the rest is dropped.
    // The runtime's heap settles tens of MiB higher under the flood (one step, then flat: see
    // the VmRSS samples printed); an unbounded queue grew by 791 MiB in the same 30 s
    // (2.5 M opens), rising all along
    expect(growthMiB).toBeLessThan(160);
    // reading again: the count of events missed comes before the next events
    const from = received.length;
    response.resume();
    const missed = await poll(() => {
      const m = /data: (\{"type":"missed"[^\n]*)\n/.exec(received.slice(from));
      return m ? (JSON.parse(m[1]!) as { count: number; total: number }) : undefined;
    }, 10_000);
    // how many depends on how many events the runtime read meanwhile (a loaded machine reads fewer);
    // a queue without a bound sends no such message at all
    expect(missed?.count).toBeGreaterThan(0);
    expect(missed!.total).toBeGreaterThanOrEqual(missed!.count);
    response.destroy();
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  }, 90_000);
});

describe.skipIf(skip)('gadgetry run --ui: access', () => {
  it('on 0.0.0.0 without --ui-token: a token is generated and printed; requests without it are 401, with a wrong one 403', async () => {
    const run = gadgetryRun(['trace_exec', '--ui', '0.0.0.0:0']);
    const printed = new URL(await run.url());
    expect(printed.hostname).toBe('0.0.0.0');
    const token = printed.searchParams.get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(run.stderr()).toContain('every request needs the token');
    const at = `http://127.0.0.1:${printed.port}`;
    expect((await fetch(`${at}/`)).status).toBe(401);
    expect((await fetch(`${at}/info`)).status).toBe(401);
    expect((await fetch(`${at}/events?token=${token}x`)).status).toBe(403);
    expect((await fetch(`${at}/info`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(403);
    const info = (await (await fetch(`${at}/info?token=${token}`)).json()) as { name: string };
    expect(info.name).toBe('trace_exec');
    // the page, opened at the printed URL (reached through loopback), works with it
    const page = await openPage(`${at}/?token=${token}`);
    expect(await page.textContent('h1')).toBe('trace_exec');
    await page.close();
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  });

  it('--ui-token given: that token is the one required', async () => {
    const run = gadgetryRun(['trace_exec', '--ui', '0.0.0.0:0', '--ui-token', 'given-token-123']);
    const printed = new URL(await run.url());
    expect(printed.searchParams.get('token')).toBe('given-token-123');
    const at = `http://127.0.0.1:${printed.port}`;
    expect((await fetch(`${at}/info?token=given-token-123`)).status).toBe(200);
    expect((await fetch(`${at}/info?token=given-token-124`)).status).toBe(403);
    run.child.kill('SIGINT');
    expect(await run.code).toBe(0);
  });
});

describe.skipIf(skip)('gadgetry run --ui: bad input', () => {
  /** `gadgetry run <args>` to the end: exit status and stderr. */
  async function refused(args: string[]) {
    const run = gadgetryRun(args);
    const code = await run.code;
    return { code, stderr: run.stderr() };
  }

  it('--ui nonsense: one line saying what --ui takes, exit 2', async () => {
    const { code, stderr } = await refused(['trace_exec', '--ui', 'nonsense']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: invalid --ui "nonsense": expected \[host:\]port, e\.g\. 8080 .* \[USAGE\]\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('a port in use: one line naming it, exit 1, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const { code, stderr } = await refused(['trace_exec', '--ui', `127.0.0.1:${port}`]);
      expect(code).toBe(1);
      expect(stderr).toBe(`error: cannot serve the web view on 127.0.0.1:${port}: the port is in use; leave the port out (--ui alone picks a free one) or pick another [UI_LISTEN_FAILED]\n`);
    } finally {
      holder.close();
    }
  });

  it('--ui-token without --ui: one line, exit 2', async () => {
    const { code, stderr } = await refused(['trace_exec', '--ui-token', 'abcdefgh12']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --ui-token guards the web view: add --ui [host:]port [USAGE]\n');
  });
});

/** `gadgetry ui <args>`; resolves once it prints its URL. */
async function gadgetryUi(args: string[]) {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  const child = spawn(process.execPath, [GADGETRY, 'ui', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = new Promise<number | null>((r) => child.on('close', r));
  const url = await poll(() => /^ui: (http:\S+)$/m.exec(stderr)?.[1], 20_000);
  if (!url) throw new Error(`no ui: line on stderr: ${stderr}`);
  return { child, code, url };
}

describe.skipIf(skip)('gadgetry ui', () => {
  it('picks trace_exec, sets --comm in the form made from its params, starts the run, shows its events and stops it', async () => {
    const { child, code, url } = await gadgetryUi([]);
    // a page elsewhere cannot start a run: a form post (not JSON) or another Origin is refused
    const origin = new URL(url).origin;
    const post = (headers: Record<string, string>) => fetch(`${origin}/runs`, { method: 'POST', headers, body: JSON.stringify({ gadget: 'trace_exec', params: {} }) });
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post({ 'content-type': 'application/json', origin: 'http://attacker.example' })).status).toBe(400);
    expect(await (await fetch(`${origin}/runs`)).json()).toEqual([]);
    const page = await openPage(url, 'main.launcher');
    await page.waitForSelector('#gadget option[value="trace_exec"]', { state: 'attached' });
    await page.selectOption('#gadget', 'trace_exec');
    await page.waitForSelector('#param-comm');
    await page.fill('#param-comm', 'true');
    await page.click('#start');
    await page.waitForSelector('main.run[data-view="trace"]');
    expect(await page.textContent('h1')).toBe('trace_exec');
    const marker = `webview-ui-${process.pid}-${Date.now()}`;
    const seen = await poll(async () => {
      execFileSync('/bin/true', [marker]);
      execFileSync('/bin/sh', ['-c', 'true']);
      const comms = await columnTexts(page, 'comm');
      const texts = await page.$$eval('tr.row', (rows) => rows.map((r) => r.textContent ?? ''));
      return texts.some((t) => t.includes(marker)) ? comms : undefined;
    }, 15_000);
    // the kernel filter from the form holds: only /bin/true's execs, not sh's
    expect(seen).toBeDefined();
    expect(new Set(seen)).toEqual(new Set(['true']));
    await page.screenshot({ path: join(ARTIFACTS, 'webview-ui-launcher-run.png') });
    await page.click('#stop');
    await page.waitForSelector('#run-state:text-is("ended: stopped")', { timeout: 10_000 });
    child.kill('SIGINT');
    expect(await code).toBe(0);
  });

  it('--remote: lists the gadgets of the agent with its node name and runs trace_exec there', async () => {
    const socket = `unix://${join(dir, 'agent.sock')}`;
    const agent = await startAgent(['--listen', socket, '--node-name', 'webview-node']);
    try {
      const { child, code, url } = await gadgetryUi(['--remote', socket]);
      const page = await openPage(url, 'main.launcher');
      await page.waitForSelector('#gadget option[value="trace_exec"]', { state: 'attached' });
      expect(await page.textContent('#gadget option[value="trace_exec"]')).toContain('(webview-node)');
      await page.selectOption('#gadget', 'trace_exec');
      await page.waitForSelector('#param-comm');
      await page.click('#start');
      await page.waitForSelector('main.run[data-view="trace"]');
      const marker = `webview-remote-${process.pid}-${Date.now()}`;
      await page.fill('#filter', `args:~${marker}`);
      const seen = await poll(async () => {
        execFileSync('/bin/true', [marker]);
        return (await page.$$eval('tr.row', (rows) => rows.map((r) => r.textContent ?? ''))).some((t) => t.includes(marker)) ? true : undefined;
      }, 15_000);
      expect(seen).toBe(true);
      child.kill('SIGINT');
      expect(await code).toBe(0);
    } finally {
      await agent.stop();
    }
  });
});
