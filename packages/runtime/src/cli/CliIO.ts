import { fstatSync, writeSync } from 'node:fs';

/**
 * Stdout as a queue that can fall behind its reader (a pipe whose reader is
 * slow or stalled). The run's output paces itself on it: see PacedWriter.
 */
export interface OutputQueue {
  /**
   * Queues text; `onFlushed` runs once the reader has taken it (at once when
   * writes are synchronous). Throws when a synchronous write fails (ENOSPC).
   */
  write(text: string, onFlushed: () => void): void;
  /** Bytes written but not yet taken by the reader. */
  readonly queued: number;
  /** Registers a handler for asynchronous write errors; a closed pipe (EPIPE) is not one. */
  onError(handler: (err: Error) => void): void;
  /**
   * Gives up on what is still queued: the CLI then exits without waiting for
   * a reader that does not read.
   */
  abandon(): void;
  readonly abandoned: boolean;
}

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Stdout as a queue with backpressure; absent: `out` is taken to keep up always. */
  stdout?: OutputQueue;
}

/**
 * Writes straight to fd 1 when stdout is a file or /dev/null: the stream
 * would first copy every batch into a Buffer, and at hundreds of thousands
 * of events a second those copies pile up faster than they are freed.
 * Pipes and terminals keep the stream (it handles partial writes), whose
 * queue is the backpressure signal.
 */
function stdoutQueue(): OutputQueue {
  let direct = false;
  try {
    const st = fstatSync(1);
    direct = st.isFile() || (st.isCharacterDevice() && !process.stdout.isTTY);
  } catch {
    direct = false;
  }
  let abandoned = false;
  if (direct) {
    return {
      write(text, onFlushed) {
        writeSync(1, text);
        onFlushed();
      },
      queued: 0,
      onError: () => {},
      abandon: () => void (abandoned = true),
      get abandoned() {
        return abandoned;
      },
    };
  }
  return {
    write(text, onFlushed) {
      process.stdout.write(text, () => onFlushed());
    },
    get queued() {
      return process.stdout.writableLength;
    },
    onError(handler) {
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') handler(err);
      });
    },
    abandon: () => void (abandoned = true),
    get abandoned() {
      return abandoned;
    },
  };
}

const stdout = stdoutQueue();

export const processIO: CliIO = {
  out: (t) => stdout.write(t, () => {}),
  err: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  stdout,
};
