import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../CliIO.js';
import { defaultRuntimeDir } from '../../discovery/searchRoots.js';
import { SDK_VERSION } from '../../sdkVersion.js';

export function runtimeVersion(): string {
  const pkg = JSON.parse(readFileSync(join(defaultRuntimeDir(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function versionCommand(io: CliIO): number {
  io.out(`gadgetry ${runtimeVersion()}\nsdk      ${SDK_VERSION}\nnode     ${process.version}\n`);
  return 0;
}
