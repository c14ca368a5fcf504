#!/usr/bin/env node
// gadgetry-bpf-build [options] [source.bpf.c [output.bpf.o]]: compiles a
// gadget's BPF program and generates its event schemas (--help for more).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BuildError } from '../src/BuildError.mjs';
import { USAGE, parseBuildArgs } from '../src/buildArgs.mjs';
import { compileBpf } from '../src/compileBpf.mjs';
import { eventSchemaModule, syncSchemaFile } from '../src/eventSchemaFile.mjs';

const say = (/** @type {string} */ line) => console.log(`gadgetry-bpf-build: ${line}`);

try {
  const args = parseBuildArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = compileBpf(args.source, args.output);
  say(`${args.output} (${size} bytes)`);
  if (args.schema) {
    const text = eventSchemaModule(readFileSync(args.output), relative(process.cwd(), args.source).split('\\').join('/'));
    if (!text) say(`${args.source} names no struct with GADGET_EVENT_TYPE(): no event schema written`);
    else {
      const done = syncSchemaFile(args.schema, text, { update: args.update, object: args.output });
      if (done !== 'unchanged') say(`${done} ${args.schema}`);
    }
  }
} catch (err) {
  if (!(err instanceof BuildError)) throw err;
  console.error(`gadgetry-bpf-build: ${err.message}`);
  process.exit(err.code === 'USAGE' ? 2 : 1);
}
