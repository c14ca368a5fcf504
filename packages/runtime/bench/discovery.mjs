#!/usr/bin/env node
// Times discovery over a node_modules with 2,000 and with 10,000 packages (one
// in twenty a gadget, a quarter scoped). Prints figures for each size; run
// after building: node bench/discovery.mjs   (PACKAGES=2000,10000)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverGadgets } from "../dist/index.js";

function measure(TOTAL) {
  const GADGETS = Math.round(TOTAL / 20);
  const root = mkdtempSync(join(tmpdir(), "gadgetry-bench-"));
  const nm = join(root, "node_modules");
  try {
    for (let i = 0; i < TOTAL; i++) {
      const scoped = i % 4 === 0;
      const name = scoped ? `@scope${i % 40}/pkg-${i}` : `pkg-${i}`;
      const dir = join(nm, name);
      mkdirSync(dir, { recursive: true });
      const json = {
        name,
        version: "1.0.0",
        main: "index.js",
        dependencies: { a: "^1.0.0", b: "^2.0.0" },
        description: "x".repeat(200),
      };
      if (i < GADGETS) {
        json.gadgetry = {
          name: `g_${i}`,
          entry: "./index.js",
          sdk: "^0.1.0",
          description: "bench",
          category: "trace",
          type: "trace",
        };
      }
      writeFileSync(join(dir, "package.json"), JSON.stringify(json));
    }
    const opts = {
      gadgetPaths: [nm],
      cwd: root,
      runtimeDir: root,
      sdkVersion: "0.1.0",
    };
    const times = [];
    let found = 0;
    for (let run = 0; run < 15; run++) {
      const t0 = process.hrtime.bigint();
      found = discoverGadgets(opts).gadgets.length;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const first = times[0];
    const sorted = times.slice(1).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`packages          ${TOTAL}`);
    console.log(`gadgets found     ${found} (expected ${GADGETS})`);
    console.log(`first run         ${first.toFixed(1)} ms`);
    console.log(`median of 14 runs ${median.toFixed(1)} ms`);
    console.log(
      `budget            100 ms  (median is ${(median / 100).toFixed(
        2
      )}x of budget)`
    );
    if (found !== GADGETS) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

for (const total of (process.env.PACKAGES ?? "2000,10000")
  .split(",")
  .map(Number))
  measure(total);
