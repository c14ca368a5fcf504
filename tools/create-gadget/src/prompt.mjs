import { createInterface } from 'node:readline/promises';
import { CATEGORIES, TEMPLATES } from './options.mjs';

/** Asks for whatever the flags left out; only called when stdin is a terminal. */
export async function promptMissing(o, io = { input: process.stdin, output: process.stdout }) {
  const rl = createInterface(io);
  const ask = async (q, def) => {
    const a = (await rl.question(def ? `${q} (${def}): ` : `${q}: `)).trim();
    return a || def;
  };
  try {
    const out = { ...o };
    out.name ??= await ask('Gadget name (lower_case, e.g. trace_signal)');
    out.description ??= await ask('One-line description', `The ${out.name} gadget`);
    if (!out.template && !out.type) {
      const keys = Object.keys(TEMPLATES);
      const list = keys.map((k, i) => `  ${i + 1}. ${k}: ${TEMPLATES[k].summary}`).join('\n');
      const pick = await ask(`Starting template:\n${list}\nNumber or name`, '1');
      out.template = keys[Number(pick) - 1] ?? pick;
    }
    if (out.template === 'operator') return out;
    out.category ??= await ask(`Category (${CATEGORIES.join(', ')})`, TEMPLATES[out.template]?.category ?? 'trace');
    return out;
  } finally {
    rl.close();
  }
}
