import type { StackProfile } from '@gadgetry/sdk';
import { flameDepth, flameTree, type FlameNode } from './flameTree.js';

const WIDTH = 1200;
const FRAME_HEIGHT = 16;
const SIDE = 10;
const TOP = 48;
const BOTTOM = 10;
/** Boxes narrower than this are not drawn (they could not be seen); the subtitle counts them. */
const MIN_WIDTH = 0.1;
const CHAR_WIDTH = 7;

/** Text made safe inside XML: markup escaped, line breaks and characters XML forbids replaced. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\t\n\r]/g, ' ')
      .replace(/[\u0000-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** A stable warm colour from a name: the same function has the same colour in every graph. */
function colour(node: FlameNode): string {
  let h = 2166136261;
  for (let i = 0; i < node.label.length; i++) h = Math.imul(h ^ node.label.charCodeAt(i), 16777619);
  const r = (h >>> 0) / 4294967296;
  switch (node.kind) {
    case 'root':
      return 'rgb(200,200,200)';
    case 'process':
      return `rgb(${Math.round(120 + 40 * r)},${Math.round(160 + 40 * r)},220)`;
    case 'kernel':
      return `rgb(${Math.round(220 + 30 * r)},${Math.round(130 + 50 * r)},40)`;
    case 'unknown':
      return `rgb(${Math.round(170 + 30 * r)},${Math.round(170 + 30 * r)},${Math.round(170 + 30 * r)})`;
    default:
      return `rgb(${Math.round(225 + 30 * r)},${Math.round(80 + 120 * r)},${Math.round(40 + 30 * r)})`;
  }
}

/** The label cut to what fits in `width` pixels, or '' when not even 4 characters do. */
function fitted(label: string, width: number): string {
  const chars = Math.floor((width - 6) / CHAR_WIDTH);
  if (chars < 4) return '';
  return label.length <= chars ? label : `${label.slice(0, chars - 2)}..`;
}

/**
 * The profile as a flame graph in one self-contained SVG: the root at the
 * bottom, each frame a box as wide as its share of the counts, callers below
 * callees; every box has a tooltip (`<title>`) with the full name, count and
 * percent, and a label where it fits. Nothing is loaded from elsewhere.
 */
export function flameGraphSvg(profile: StackProfile, title = 'Flame graph'): string {
  const root = flameTree(profile);
  const depth = flameDepth(root);
  const height = TOP + depth * FRAME_HEIGHT + BOTTOM;
  const scale = root.count > 0 ? (WIDTH - 2 * SIDE) / root.count : 0;
  const boxes: string[] = [];
  let hidden = 0;
  const pct = (n: number) => (root.count > 0 ? ((100 * n) / root.count).toFixed(2) : '0');
  const draw = (node: FlameNode, x: number, level: number) => {
    const w = node.count * scale;
    if (w < MIN_WIDTH) {
      hidden++;
      return;
    }
    const y = height - BOTTOM - (level + 1) * FRAME_HEIGHT;
    const label = xmlText(node.label);
    const tip = `${label} (${node.count} ${xmlText(profile.unit)}, ${pct(node.count)}%)`;
    const text = xmlText(fitted(node.label, w));
    boxes.push(
      `<g class="f"><title>${tip}</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${FRAME_HEIGHT - 1}" rx="2" fill="${colour(node)}"/>` +
        (text ? `<text x="${(x + 3).toFixed(2)}" y="${y + 11.5}">${text}</text>` : '') +
        '</g>',
    );
    let cx = x;
    const children = [...node.children.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    for (const c of children) {
      draw(c, cx, level + 1);
      cx += c.count * scale;
    }
  };
  if (root.count > 0) draw(root, SIDE, 0);
  const subtitle = [profile.description, `${root.count} ${profile.unit}`, hidden ? `${hidden} frames too narrow to draw` : '']
    .filter(Boolean)
    .map((t) => xmlText(String(t)))
    .join(' · ');
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    '<style>text{font-family:Verdana,"DejaVu Sans",sans-serif;font-size:12px;fill:#000;pointer-events:none}' +
      '.f:hover rect{stroke:#000;stroke-width:0.5}.title{font-size:17px;text-anchor:middle}.sub{font-size:12px;text-anchor:middle;fill:#555}</style>',
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#f8f8f0"/>`,
    `<text class="title" x="${WIDTH / 2}" y="22">${xmlText(title)}</text>`,
    `<text class="sub" x="${WIDTH / 2}" y="38">${subtitle}</text>`,
    ...boxes,
    '</svg>',
    '',
  ].join('\n');
}
