import { spawn } from 'node:child_process';
import { CLI } from './fixtures/tempProject.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `gadgetry` CLI as a user would, in `cwd`. */
export function runCli(
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void; timeoutMs?: number; cli?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...opts.env };
    delete env.GADGETRY_PATH;
    if (opts.env?.GADGETRY_PATH) env.GADGETRY_PATH = opts.env.GADGETRY_PATH;
    const child = spawn(process.execPath, [opts.cli ?? CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gadgetry ${args.join(' ')} did not exit within ${opts.timeoutMs ?? 20000} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 20000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
