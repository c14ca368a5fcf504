// The packet gadgets through the CLI: trace_dns reads a packet socket inside
// each container's network namespace, so a query made inside a real runc
// container comes out with the container's name (through the container
// operator), and --containername keeps to it. Bad params are one line, exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

interface DnsEvent {
  container: string;
  runtime: string;
  pid: number;
  comm: string;
  type: string;
  name: string;
  qtype: string;
  dport: number;
}

async function traceDns(args: string[]) {
  const r = await runCli(['run', 'trace_dns', ...args, '--timeout', '3', '-o', 'json'], ROOT);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DnsEvent)
    .filter((e) => e.type !== undefined);
}

describe.skipIf(reason)('trace_dns with a real runc container', () => {
  let ctr: RuncContainer;
  const name = `ctr${process.pid}.example.test`;
  beforeAll(() => {
    // its own network namespace: it asks its own loopback, where no server answers (a new query every 0.2 s)
    ctr = startRuncContainer(`e2e-dns-${process.pid}`, `while true; do nslookup -timeout=1 -retry=1 -type=a ${name} 127.0.0.1 >/dev/null 2>&1 & sleep 0.2; done`, { applets: ['nslookup'] });
  });
  afterAll(() => ctr?.remove());

  it('queries made inside the container carry its name, runtime and process', async () => {
    const events = await traceDns(['--name', name]);
    const queries = events.filter((e) => e.type === 'query');
    expect(queries.length).toBeGreaterThan(0);
    for (const e of queries) expect(e).toMatchObject({ container: ctr.name, runtime: 'runc', comm: 'nslookup', name, qtype: 'A', dport: 53 });
  });

  it('--containername keeps only the container\'s queries', async () => {
    const events = await traceDns(['--containername', ctr.name]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.container === ctr.name)).toBe(true);
  });
});

describe('packet gadgets refuse bad params', () => {
  for (const [args, line] of [
    [['trace_dns', '--ports', '70000'], /^error: --ports "70000": "70000" is not a port; give ports from 1 to 65535, comma-separated \(e\.g\. 53,5353\) \[PARAM_INVALID\]$/],
    [['trace_dns', '--name', 'no spaces.test'], /^error: --name "no spaces\.test" is not a DNS name; .* \[PARAM_INVALID\]$/],
    [['trace_dns', '--timeout-ms', '0'], /timeout-ms.*\[PARAM_INVALID\]$/],
    [['trace_sni', '--socket-buffer-kb', '1'], /socket-buffer-kb.*\[PARAM_INVALID\]$/],
  ] as const) {
    it(`${args.join(' ')}: one line, exit 2`, async () => {
      const r = await runCli(['run', ...args, '--timeout', '1'], ROOT);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(line);
    });
  }
});
