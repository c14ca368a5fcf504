import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Version of the @gadgetry/sdk this runtime was installed with. */
export const SDK_VERSION: string = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@gadgetry/sdk/package.json'), 'utf8')) as {
    version: string;
  }
).version;
