// docs/errors.md, written from @gadgetry/errors' lists: every error code with
// what it means and what to do, then every reason events are lost for.
import { ERROR_AREAS, ERROR_CODES, LOSS_REASONS } from '@gadgetry/errors';

const GENERATED = '<!-- Generated from @gadgetry/errors by node tools/error-codes/bin/gadgetry-error-docs.mjs; edit packages/errors/src, not this file. -->';

const AREA_TITLES = {
  'command line': 'Command line and params',
  discovery: 'Discovery (finding gadget packages)',
  loading: 'Loading a gadget or operator',
  run: 'Running a gadget',
  'event path': 'Events on their way to the output',
  kernel: 'Kernel side (native-bpf)',
  'native addon': 'The native addon',
  generator: 'The gadget generator',
};

/** List text as Markdown: `<gadget>` would be read as an HTML tag. */
const md = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (text) => md(text).replace(/\|/g, '\\|');

/** The text of docs/errors.md for these lists (by default, the package's own). */
export function renderErrorsDoc(codes = ERROR_CODES, reasons = LOSS_REASONS) {
  const out = [
    '# Error codes and lost events',
    '',
    GENERATED,
    '',
    'Every error Gadgetry reports is one line that ends with a stable code:',
    '',
    '```console',
    '$ gadgetry run trace_open --buffer-kb 100',
    'error: invalid value 100 for --buffer-kb: expected a power of two from 4 to 1048576 (KiB, up to 1 GiB), e.g. 256, 1024, 4096 [PARAM_INVALID]',
    '```',
    '',
    'The CLI exits with status 2 for a usage error (what was typed is wrong) and 1 for a failure;',
    '`gadgetry -v` prints the details below the line (libbpf\'s and the verifier\'s log). Library',
    'users read `err.code` of a `GadgetryError`; the list below is `ERROR_CODES` in',
    '`@gadgetry/errors`, where TypeScript refuses a code that is not in it. Gadgets and operators',
    'from other authors may have codes of their own, which the runtime shows as they are.',
    '',
  ];
  const names = Object.keys(codes);
  for (const area of ERROR_AREAS) {
    const inArea = names.filter((c) => codes[c].area === area);
    if (inArea.length === 0) continue;
    out.push(`## ${AREA_TITLES[area] ?? area}`, '');
    for (const code of inArea) {
      const { exit, meaning, fix } = codes[code];
      out.push(`### ${code}`, '', `${md(meaning)} *Exit status ${exit === 'usage' ? '2 (usage)' : '1 (failure)'}.*`, '', `**Fix:** ${md(fix)}`, '');
    }
  }
  out.push(
    '## Lost events',
    '',
    'When events are lost the run says so as it happens, one warning line per report',
    '(`warn: 120 events lost: the ring buffer was full; raise --buffer-kb`), and every run ends with',
    'a summary on stderr that counts them by reason: `trace_open: 12345 events in 5.0 s, 120 lost',
    '(120 ring_full)`, or with `-o json` one JSON object, `{"summary":{...}}`. Library users get',
    'the same as data: the run\'s `lost` reports and `stats` message, and `RunResult.stats`.',
    '',
    '| reason | lost where | what happened | fix |',
    '|---|---|---|---|',
  );
  for (const [reason, { where, summary, fix }] of Object.entries(reasons)) {
    out.push(`| \`${reason}\` | ${where} | ${cell(summary)} | ${cell(fix)} |`);
  }
  out.push('');
  return out.join('\n');
}
