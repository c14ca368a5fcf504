import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GeneratorError } from './options.mjs';

/** Writes the files under `dir`, refusing a folder that already has content. */
export function writeGadget(dir, files) {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new GeneratorError(`${root} already exists and is not empty; choose another --dir or remove it`);
  }
  for (const [path, text] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}
