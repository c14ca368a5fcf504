import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/runCli.js';

// The runtime's own CLI (dist/cli.js) is the library without @gadgetry/remote: --remote and serve say how to get it.
describe('--remote and serve without remote support', () => {
  it('refuses --remote for run, list and describe with one line saying how to get it', async () => {
    for (const args of [['run', '--remote', 'node1:7411', 'trace_exec'], ['list', '--remote', 'unix:///run/gadgetry/gadgetry.sock'], ['describe', '--remote', 'a:1', 'trace_exec']]) {
      const r = await runCli(args, tmpdir());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: --remote needs remote support, which this embedding of @gadgetry\/runtime lacks; use the gadgetry command .*\[REMOTE_UNAVAILABLE\]\n$/);
    }
  });

  it('refuses serve the same way, and client TLS flags without --remote', async () => {
    const serve = await runCli(['serve', '--listen', 'unix:///tmp/x.sock'], tmpdir());
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/^error: gadgetry serve needs remote support.*\[REMOTE_UNAVAILABLE\]\n$/);
    const tls = await runCli(['list', '--tls-ca', '/tmp/ca.pem'], tmpdir());
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(/--tls-ca, --tls-cert and --tls-key are for --remote agents; add --remote <address>/);
  });

  it('explains serve and the remote flags in --help', async () => {
    const serve = await runCli(['serve', '--help'], tmpdir());
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/--listen <addr>.*unix:\/\/\/run\/gadgetry\/gadgetry.sock/);
    expect(serve.stdout).toMatch(/--tls-client-ca <file>/);
    expect(serve.stdout).toMatch(/--insecure/);
    const run = await runCli(['run', '--help'], tmpdir());
    expect(run.stdout).toMatch(/--remote <addr,\.\.\.>/);
    expect(run.stdout).toMatch(/--tls-ca <file>/);
  });
});
