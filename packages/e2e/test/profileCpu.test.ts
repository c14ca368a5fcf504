// profile_cpu through the real CLI and the running kernel: a compiled C
// program spins in burn_cpu; the table, the folded stacks and the flame
// graphs name it, and the SVG and HTML show it in a real browser (headless
// Chromium from the system, driven by playwright-core).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';
import { SPIN_SOURCE, spinningPrograms } from '../../shapes/test/fixtures/spinningPrograms.js';

const skip = kernelTestGate();
const CHROMIUM = '/usr/bin/chromium';
const programs = spinningPrograms('gadgetry-profile-cpu-');
const { dir } = programs;
afterAll(() => programs.remove());
afterEach(() => programs.killRunning());

let spinBinary = '';
beforeAll(() => {
  spinBinary = programs.build('spin', SPIN_SOURCE);
});
const spinner = () => programs.start(spinBinary);

/** `gadgetry run profile_cpu <args>`: exit status, stdout and stderr. */
function gadgetry(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'run', 'profile_cpu', ...args], { cwd: ROOT, env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The texts a page shows, read from its DOM in headless Chromium. */
async function textsInBrowser(file: string): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    return await page.$$eval('svg text', (nodes) => nodes.map((n) => n.textContent ?? ''));
  } finally {
    await browser.close();
  }
}

describe.skipIf(skip)('gadgetry run profile_cpu', () => {
  it('prints the top stacks as a table: burn_cpu called from main on top, with count and percent', async () => {
    const pid = await spinner();
    const { status, stdout, stderr } = await gadgetry(['--pid', String(pid), '--frequency', '99', '--timeout', '2']);
    expect(status, stderr).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^CPU samples at 99 Hz on \d+ CPUs? for [\d.]+ s: \d+ samples$/);
    expect(lines[1]).toMatch(/^SAMPLES +% +PID COMM +STACK \(leaf first\)$/);
    const stackAt = lines[1]!.indexOf('STACK');
    expect(lines[2]).toMatch(new RegExp(`^ +\\d+ +\\d+\\.\\d% +${pid} spin +burn_cpu$`));
    expect(lines[2]!.indexOf('burn_cpu')).toBe(stackAt);
    expect(lines[3]!.slice(stackAt)).toBe('main');
    expect(lines[3]!.slice(0, stackAt).trim()).toBe('');
  });

  it('-o folded: every line is frames and a count, and the counts add up to the samples the flame graph shows', async () => {
    const pid = await spinner();
    const svg = join(dir, 'folded-check.svg');
    const { status, stdout, stderr } = await gadgetry(['--pid', String(pid), '--timeout', '2', '-o', 'folded', '--flamegraph', svg]);
    expect(status, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    let sum = 0;
    for (const line of lines) {
      const m = /^(\S[^\n]*) (\d+)$/.exec(line);
      expect(m, line).not.toBeNull();
      sum += Number(m![2]);
    }
    expect(lines[0]).toMatch(/^spin;.*;main;burn_cpu \d+$/);
    const all = /<title>all \((\d+) samples, 100\.00%\)<\/title>/.exec(readFileSync(svg, 'utf8'));
    expect(all).not.toBeNull();
    expect(sum).toBe(Number(all![1]));
    // the spinner shares two cores with the rest of the suite: a few samples, not a full second's worth
    expect(sum).toBeGreaterThan(4);
  });

  it('--flamegraph writes an SVG and an HTML page that headless Chromium shows with burn_cpu in them', async () => {
    const pid = await spinner();
    for (const name of ['cpu.svg', 'cpu.html']) {
      const file = join(dir, name);
      const { status, stderr } = await gadgetry(['--pid', String(pid), '--timeout', '1.5', '--flamegraph', file]);
      expect(status, stderr).toBe(0);
      expect(stderr).toContain(`wrote ${file}`);
      const texts = await textsInBrowser(file);
      expect(texts, name).toContain('burn_cpu');
      expect(texts, name).toContain('main');
      expect(texts, name).toContain('profile_cpu flame graph');
    }
  }, 60_000);

  it('a bad --flamegraph is refused in one line with exit 2 before anything runs; a failed write leaves no file', async () => {
    const png = await gadgetry(['--timeout', '1', '--flamegraph', join(dir, 'cpu.png')]);
    expect(png.status).toBe(2);
    expect(png.stderr.trim().split('\n')).toHaveLength(1);
    expect(png.stderr).toMatch(/invalid --flamegraph .*cpu\.png.*\.svg or \.html.*\[USAGE\]/);
    const nowhere = await gadgetry(['--timeout', '1', '--flamegraph', join(dir, 'no-such-folder', 'cpu.svg')]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/does not exist or is not writable/);
    // the target is a folder: the write fails at the end, and nothing half-written is left
    const taken = mkdtempSync(join(dir, 'taken-'));
    const target = join(taken, 'graph.svg');
    execFileSync('mkdir', [target]);
    const failed = await gadgetry(['--timeout', '1', '--flamegraph', target]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/cannot write .*graph\.svg.*nothing was written.*\[OUTPUT_FAILED\]/);
    expect(readdirSync(taken)).toEqual(['graph.svg']);
    expect(existsSync(join(dir, 'cpu.png'))).toBe(false);
  });

  it('describe says what the result is, and -o lists folded among the formats only this kind of gadget takes', async () => {
    const env = { ...process.env };
    delete env.GADGETRY_PATH;
    const described = execFileSync(process.execPath, [CLI, 'describe', 'profile_cpu'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(described).toContain('Result: a stack profile');
    expect(described).toContain('--flamegraph FILE.svg|.html');
    const bogus = await gadgetry(['--timeout', '1', '-o', 'bogus']);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr.trim()).toBe('error: unknown output format "bogus"; use one of: columns, json, jsonpretty, yaml, folded [USAGE]');
  });
});
