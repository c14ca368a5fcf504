#!/usr/bin/env node
// npm create @gadgetry/gadget -- --name trace_signal [--template trace|snapshot|top|profile|operator] ...
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { GeneratorError, TEMPLATES, resolveOptions } from '../src/options.mjs';
import { promptMissing } from '../src/prompt.mjs';
import { renderGadget } from '../src/renderGadget.mjs';
import { renderOperator } from '../src/renderOperator.mjs';
import { writeGadget } from '../src/writeGadget.mjs';
import { initGit } from '../src/initGit.mjs';

const HELP = `Usage:
  npm create @gadgetry/gadget -- [options]
  create-gadgetry-gadget [options]

Creates a complete Gadgetry gadget package: package.json with the gadgetry manifest,
src/program.bpf.c and its event header, src/index.ts with a typed descriptor, a test
that runs against the real kernel, README, tsup/vitest config and a changeset.
With --template operator, an operator package instead: an operator that adds a field
to events, its test through the runtime and its type tests (no BPF, no root needed).
Asks for what the options leave out when run in a terminal.

Options:
  --name <name>           gadget name: lower-case letters, digits, _ (e.g. trace_signal)
  --description <text>    one-line description
  --template <template>   ${Object.entries(TEMPLATES).map(([k, t]) => `${k}: ${t.summary}`).join('\n                          ')}
  --type <type>           trace | one-shot | trace-intervals | profile (picks the template)
  --category <category>   trace, top, snapshot, profile, audit, advise (default from the template)
  --package <name>        npm package name (default gadget-<name>, gadgetry-operator-<name>)
  --dir <path>            where to write (default ./<package name without scope>)
  --no-git                do not create a git repository (default: git init and a first commit,
                          which changesets needs, unless already inside a repository)
  -y, --yes               never ask; use defaults for what is left out
  -h, --help              show this help

Then:
  cd <dir> && npm install && npm run build && sudo npm test
  npx changeset version && npm publish     # the first release: 0.1.0
`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: 'string' },
        description: { type: 'string' },
        template: { type: 'string' },
        type: { type: 'string' },
        category: { type: 'string' },
        package: { type: 'string' },
        dir: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        git: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowNegative: true,
    }));
  } catch (err) {
    throw new GeneratorError(`${err.message}; see --help`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let raw = { name: values.name, description: values.description, template: values.template, type: values.type, category: values.category, packageName: values.package };
  if (!values.yes && process.stdin.isTTY) raw = await promptMissing(raw);
  const o = resolveOptions(raw);
  const dir = values.dir ?? join(process.cwd(), o.packageName.replace(/^@[^/]+\//, ''));
  if (o.template === 'operator') {
    const root = writeGadget(dir, renderOperator(o, { standalone: true }));
    process.stdout.write(
      `Created ${o.packageName} (operator "${o.name}", template operator) in ${root}\n\n` +
        `Next:\n  cd ${root}\n  npm install\n  npm run build\n  npm run typecheck\n  npm test\n  npm pack\n`,
    );
    return 0;
  }
  const root = writeGadget(dir, renderGadget(o, { standalone: true }));
  const gitLine = values.git ? `${initGit(root)}\n` : '';
  process.stdout.write(
    `Created ${o.packageName} (${o.type} gadget "${o.name}", template ${o.template}) in ${root}\n${gitLine}\n` +
      `Next:\n  cd ${root}\n  npm install\n  npm run build\n  sudo npm test\n` +
      `First release (0.1.0):\n  npx changeset version\n  npm publish\n`,
  );
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`create-gadgetry-gadget: ${err instanceof GeneratorError ? err.message : err.stack ?? err}\n`);
    process.exitCode = err instanceof GeneratorError ? 2 : 1;
  },
);
