import type { StackProfile } from '@gadgetry/sdk';
import { foldedName, frameLabel } from './frameLabel.js';

/**
 * The profile as folded stacks, the input of flamegraph.pl and speedscope:
 * one line per stack, `comm;root;...;leaf count`, most counted first.
 */
export function foldedStacks(profile: StackProfile): string {
  let out = '';
  for (const s of profile.stacks) {
    const frames = [s.comm || '?', ...s.frames.map(frameLabel)].map(foldedName);
    out += `${frames.join(';')} ${s.count}\n`;
  }
  return out;
}
