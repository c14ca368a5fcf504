import { errorDetails, exitStatusOfCode } from '@gadgetry/errors';
import { describeError } from '../errors.js';
import type { RunError } from './RunMessage.js';

/** A failure as a run message carries it. */
export function runErrorOf(err: unknown): RunError {
  const code = (err as { code?: unknown } | null)?.code;
  return { ...(typeof code === 'string' ? { code } : {}), line: describeError(err), details: errorDetails(err) };
}

/** What the CLI prints for a carried failure: the same text errorReport() gives for the error itself. */
export function runErrorReport(e: RunError, verbose: boolean): string {
  const line = `error: ${e.line}`;
  if (!e.details) return `${line}\n`;
  if (!verbose) return `${line} (-v shows details)\n`;
  return `${line}\n${e.details.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
}

/** The CLI's exit status for a carried failure. */
export const runErrorExitStatus = (e: RunError): number => exitStatusOfCode(e.code);
