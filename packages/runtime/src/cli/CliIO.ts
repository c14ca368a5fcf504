import { fstatSync, writeSync } from 'node:fs';

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Writes straight to fd 1 when stdout is a file or /dev/null: the stream
 * would first copy every batch into a Buffer, and at hundreds of thousands
 * of events a second those copies pile up faster than they are freed.
 * Pipes and terminals keep the stream (it handles partial writes).
 */
function stdoutWriter(): (text: string) => void {
  let direct = false;
  try {
    const st = fstatSync(1);
    direct = st.isFile() || st.isCharacterDevice() && !process.stdout.isTTY;
  } catch {
    direct = false;
  }
  return direct ? (t) => void writeSync(1, t) : (t) => void process.stdout.write(t);
}

export const processIO: CliIO = {
  out: stdoutWriter(),
  err: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};
