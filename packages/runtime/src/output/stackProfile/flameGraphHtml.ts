import type { StackProfile } from '@gadgetry/sdk';
import { flameGraphSvg, xmlText } from './flameGraphSvg.js';

/** The flame graph in a self-contained HTML page (the SVG inline, nothing loaded from elsewhere). */
export function flameGraphHtml(profile: StackProfile, title = 'Flame graph'): string {
  const svg = flameGraphSvg(profile, title).replace(/^<\?xml[^>]*\?>\n/, '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${xmlText(title)}</title>`,
    '<style>body{margin:0;background:#f8f8f0}svg{display:block;max-width:100%;height:auto}</style>',
    '</head>',
    '<body>',
    svg,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
