#!/usr/bin/env node
// Run after `changeset version` (npm run version-packages does): makes every
// gadget's and operator's manifest `gadgetry.sdk` equal its @gadgetry/sdk peer range.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncSdkRanges } from '../src/syncSdkRanges.mjs';
import { workspacePackages } from '../src/workspacePackages.mjs';

const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../..');
const changed = syncSdkRanges(root, workspacePackages(root).map((p) => p.dir));
for (const c of changed) console.log(`${c.name}: gadgetry.sdk ${c.from} -> ${c.to}`);
if (changed.length === 0) console.log('every manifest already declares its SDK peer range');
