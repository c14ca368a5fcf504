#!/usr/bin/env bash
# Makes the flame graph shown in the docs: builds demo.c with frame pointers,
# profiles it with profile_cpu for 5 seconds, and renders the SVG to a PNG.
# Run as root from the repository root after `npm run build`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/gadgetry-flamegraph-XXXXXX)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

cc -O0 -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -o "$work/demo" "$here/demo.c"
"$work/demo" >"$work/pid" &
pid=$!
sleep 0.5
cd "$root"
node packages/runtime/bin/gadgetry.js run profile_cpu --pid "$pid" --frequency 99 --timeout 5 --flamegraph "$here/profile_cpu.svg" | tee "$here/profile_cpu.txt"
node "$here/render-png.mjs" "$here/profile_cpu.svg" "$here/profile_cpu.png"
