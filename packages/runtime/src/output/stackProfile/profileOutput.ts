import { accessSync, constants, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { isStackProfile, type ResultKind } from '@gadgetry/sdk';
import { quoteInput } from '@gadgetry/errors';
import { stringify } from 'yaml';
import { GadgetStepError, UsageError } from '../../errors.js';
import { jsonText } from '../jsonText.js';
import { flameGraphHtml } from './flameGraphHtml.js';
import { flameGraphSvg } from './flameGraphSvg.js';
import { foldedStacks } from './foldedStacks.js';
import { stackTable } from './stackTable.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Output formats a result kind adds to -o, beyond columns, json, jsonpretty and yaml. */
export const RESULT_FORMATS: Record<ResultKind, readonly string[]> = { 'stack-profile': ['folded'] };
/** Flags a result kind adds to `run`. */
export const RESULT_FLAGS: Record<ResultKind, readonly string[]> = { 'stack-profile': ['flamegraph'] };

export interface ResultOutput {
  /** The text for stdout. */
  text(result: unknown): string;
  /** Files written besides stdout (the flame graph); throws OUTPUT_FAILED, leaving no partial file. */
  writeFiles(result: unknown): string[];
}

/** --flamegraph FILE: an .svg or .html file in a folder that exists and is writable, checked before the run starts. */
function flameGraphPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ext = extname(value).toLowerCase();
  if (ext !== '.svg' && ext !== '.html' && ext !== '.htm') {
    throw new UsageError(`invalid --flamegraph ${quoteInput(value)}: expected a file name ending in .svg or .html, e.g. --flamegraph cpu.svg`);
  }
  const path = resolve(value);
  try {
    if (!statSync(dirname(path)).isDirectory()) throw new Error('not a folder');
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`invalid --flamegraph ${quoteInput(value)}: the folder ${quoteInput(dirname(path))} does not exist or is not writable`);
  }
  return path;
}

/**
 * How `run` shows the result of a gadget whose descriptor declares a result
 * kind: a stack profile as a table of top stacks (columns), folded stacks
 * (-o folded) or JSON, and as a flame graph file with --flamegraph.
 * Undefined for gadgets without one (their result is printed as JSON).
 */
export function resultOutput(kind: ResultKind | undefined, format: string, flags: { flamegraph?: string | undefined }, gadget: string): ResultOutput | undefined {
  if (kind !== 'stack-profile') return undefined;
  const file = flameGraphPath(flags.flamegraph);
  const check = (result: unknown) => {
    if (!isStackProfile(result)) throw new GadgetStepError(gadget, 'result', new Error('the gadget declares a stack profile but its result is not one'));
    return result;
  };
  return {
    text(result) {
      const p = check(result);
      switch (format) {
        case 'folded':
          return foldedStacks(p);
        case 'json':
          return `${JSON.stringify(p)}\n`;
        case 'jsonpretty':
          return `${jsonText(p, 2)}\n`;
        case 'yaml':
          return stringify(p);
        default:
          return stackTable(p);
      }
    },
    writeFiles(result) {
      if (!file) return [];
      const p = check(result);
      const ext = extname(file).toLowerCase();
      const title = `${gadget} flame graph`;
      writeFileAtomic(file, ext === '.svg' ? flameGraphSvg(p, title) : flameGraphHtml(p, title));
      return [file];
    },
  };
}
