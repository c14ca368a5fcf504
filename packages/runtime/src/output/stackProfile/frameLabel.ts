import type { ProfileFrame } from '@gadgetry/sdk';

/**
 * How a frame reads in every output: the function name; `[unknown] (file)`
 * when only its file is known; kernel frames end in `_[k]`, as flamegraph.pl
 * and speedscope expect of folded stacks.
 */
export function frameLabel(frame: ProfileFrame): string {
  const unknown = frame.name.startsWith('[') && frame.module ? `${frame.name} (${frame.module})` : frame.name;
  return frame.kernel ? `${unknown}_[k]` : unknown;
}

/** A name made safe for one folded line: no `;` (the separator) and no line breaks or control characters. */
export function foldedName(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/;/g, ':').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}
