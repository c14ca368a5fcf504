/** The parts of a StackProfile (@gadgetry/sdk) the flame graph draws. */
export interface StackProfileValue {
  type: 'stack-profile';
  unit: string;
  total: number;
  description?: string;
  stacks: { pid: number; comm: string; count: number; frames: { name: string; kernel?: boolean }[] }[];
}

interface Node {
  name: string;
  count: number;
  kernel: boolean;
  children: Map<string, Node>;
}

/** Stacks merged into a tree rooted at the process (comm), root frames first. */
export function flameTree(profile: StackProfileValue): Node {
  const root: Node = { name: 'all', count: 0, kernel: false, children: new Map() };
  for (const s of profile.stacks) {
    root.count += s.count;
    let at = root;
    for (const f of [{ name: s.comm, kernel: false }, ...s.frames]) {
      let next = at.children.get(f.name);
      if (!next) at.children.set(f.name, (next = { name: f.name, count: 0, kernel: f.kernel === true, children: new Map() }));
      next.count += s.count;
      at = next;
    }
  }
  return root;
}

const LEVEL = 18;
const WIDTH = 1200;

interface Box {
  x: number;
  y: number;
  w: number;
  node: Node;
}

function layout(node: Node, x: number, depth: number, scale: number, out: Box[]): number {
  const w = node.count * scale;
  if (w < 0.5) return depth;
  out.push({ x, y: depth, w, node });
  let deepest = depth;
  let cx = x;
  for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    deepest = Math.max(deepest, layout(child, cx, depth + 1, scale, out));
    cx += child.count * scale;
  }
  return deepest;
}

/** An icicle-ordered flame graph as SVG: the root at the bottom, each frame as wide as its count. */
export function FlameGraph({ profile }: { profile: StackProfileValue }) {
  const root = flameTree(profile);
  const boxes: Box[] = [];
  const depth = root.count > 0 ? layout(root, 0, 0, WIDTH / root.count, boxes) : 0;
  const height = (depth + 1) * LEVEL;
  return (
    <figure class="flame">
      <figcaption>
        {profile.description ?? 'Stacks'}: {root.count} {profile.unit}
      </figcaption>
      <svg id="flamegraph" width="100%" viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="none" style={{ height: `${height}px` }}>
        {boxes.map((b, i) => (
          <g key={i} class="frame" data-frame={b.node.name}>
            <title>{`${b.node.name} (${b.node.count} ${profile.unit}, ${((b.node.count / root.count) * 100).toFixed(1)}%)`}</title>
            <rect x={b.x} y={height - (b.y + 1) * LEVEL} width={Math.max(b.w - 0.5, 0.5)} height={LEVEL - 1} fill={b.node.kernel ? '#e8a33d' : b.y === 0 ? '#999' : `hsl(${(b.node.name.length * 37) % 50}, 85%, 58%)`} />
            {b.w > 40 && (
              <text x={b.x + 3} y={height - b.y * LEVEL - 5} font-size="12">
                {b.node.name.slice(0, Math.floor(b.w / 7))}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
