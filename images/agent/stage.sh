#!/usr/bin/env bash
# Lays out the agent image's whole filesystem in OUT_DIR, from this machine
# and the built workspace, without pulling anything: the Node binary and the
# shared libraries it (and the BPF addon) link against, and the gadgetry
# package with every gadget and operator installed from the workspace's own
# npm pack tarballs. build.sh turns the folder into an image with buildah; the
# Dockerfile runs this script in its build stage.
#   usage: images/agent/stage.sh OUT_DIR      (run npm run build first)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${1:?usage: stage.sh OUT_DIR}
NODE_BIN=$(readlink -f "${NODE_BIN:-$(command -v node)}")
say() { printf 'stage: %s\n' "$*"; }

[ -f "$ROOT/packages/native-bpf/prebuilds/linux-x64/gadgetry_bpf.node" ] || { echo "stage: build the workspace first (npm run build)" >&2; exit 1; }
mkdir -p "$OUT"/{usr/local/bin,opt/gadgetry,etc,tmp,proc,sys,dev,run}
chmod 1777 "$OUT/tmp"

say "node $("$NODE_BIN" --version) from $NODE_BIN"
cp "$NODE_BIN" "$OUT/usr/local/bin/node"

# The published packages of the workspace (not the private test and tool
# packages, not the kubectl plugin, which runs on the user's machine).
packs=$(mktemp -d)
trap 'rm -rf "$packs"' EXIT
workspaces=()
for pj in "$ROOT"/packages/*/package.json "$ROOT"/gadgets/*/package.json; do
  dir=$(dirname "$pj")
  grep -q '"private": true' "$pj" && continue
  [ "$(basename "$dir")" = kubectl-gadgetry ] && continue
  workspaces+=(-w "${dir#"$ROOT"/}")
done
say "packing $(( ${#workspaces[@]} / 2 )) packages"
(cd "$ROOT" && npm pack --silent --pack-destination "$packs" "${workspaces[@]}" >/dev/null)

say "installing them into /opt/gadgetry"
# Dependencies from outside the workspace come from the npm registry (or its cache);
# no install scripts run: the BPF addon ships prebuilt in @gadgetry/native-bpf.
npm install --prefix "$OUT/opt/gadgetry" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error "$packs"/*.tgz
rm -f "$OUT/opt/gadgetry/package.json" "$OUT/opt/gadgetry/package-lock.json"
# trust rules: root-owned, not writable by others
chown -R 0:0 "$OUT/opt/gadgetry"
chmod -R go-w "$OUT/opt/gadgetry"

# Shared libraries of Node and of the addon, at the paths the loader looks in.
for bin in "$NODE_BIN" "$ROOT/packages/native-bpf/prebuilds/linux-x64/gadgetry_bpf.node"; do
  ldd "$bin" | awk '/=> \// { print $3 } /^[[:space:]]*\// { print $1 }'
done | sort -u | while read -r lib; do
  mkdir -p "$OUT$(dirname "$lib")"
  cp -L "$lib" "$OUT$lib"
done

# Users and groups the user enricher names; nothing else from a distribution.
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$OUT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$OUT/etc/group"
say "done: $(du -sh "$OUT" | cut -f1) in $OUT"
