import type { ProfileFrame, StackProfile } from '@gadgetry/sdk';
import { frameLabel } from './frameLabel.js';

/** One box of a flame graph: a frame reached by one path from the root, and the count under it. */
export interface FlameNode {
  label: string;
  kind: 'root' | 'process' | 'user' | 'kernel' | 'unknown';
  count: number;
  children: Map<string, FlameNode>;
}

function kindOf(frame: ProfileFrame): FlameNode['kind'] {
  if (frame.name.startsWith('[')) return 'unknown';
  return frame.kernel ? 'kernel' : 'user';
}

/** The stacks merged into one tree: the root ("all"), then each command, then the frames root first. */
export function flameTree(profile: StackProfile): FlameNode {
  const root: FlameNode = { label: 'all', kind: 'root', count: 0, children: new Map() };
  for (const s of profile.stacks) {
    root.count += s.count;
    let node = root;
    const path: [string, FlameNode['kind']][] = [[s.comm || '?', 'process'], ...s.frames.map((f): [string, FlameNode['kind']] => [frameLabel(f), kindOf(f)])];
    for (const [label, kind] of path) {
      let child = node.children.get(label);
      if (!child) {
        child = { label, kind, count: 0, children: new Map() };
        node.children.set(label, child);
      }
      child.count += s.count;
      node = child;
    }
  }
  return root;
}

/** Levels of the tree below and including the root. */
export function flameDepth(node: FlameNode): number {
  let deepest = 0;
  for (const c of node.children.values()) deepest = Math.max(deepest, flameDepth(c));
  return deepest + 1;
}
