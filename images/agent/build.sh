#!/usr/bin/env bash
# Builds the Gadgetry agent image offline with buildah, from scratch: no base
# image is pulled; stage.sh lays out Node, its libraries and the installed
# packages, and buildah commits that folder as the image's only layer.
#   usage: images/agent/build.sh [IMAGE]    (default gadgetry/agent:<version>)
# Extra buildah global options (e.g. --root/--runroot/--storage-driver for a
# private store) can be given in BUILDAH_OPTS.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERSION=$(node -p "require('$ROOT/packages/cli/package.json').version")
IMAGE=${1:-gadgetry/agent:$VERSION}
read -r -a opts <<<"${BUILDAH_OPTS:-}"
command -v buildah >/dev/null || { echo "build: buildah is not installed (apt-get install buildah)" >&2; exit 1; }

stage=$(mktemp -d)
ctr=
cleanup() { [ -n "$ctr" ] && buildah "${opts[@]}" rm "$ctr" >/dev/null 2>&1; rm -rf "$stage"; }
trap cleanup EXIT
bash "$ROOT/images/agent/stage.sh" "$stage"

ctr=$(buildah "${opts[@]}" from scratch)
buildah "${opts[@]}" copy "$ctr" "$stage" / >/dev/null
buildah "${opts[@]}" config \
  --entrypoint '["/usr/local/bin/node","--max-semi-space-size=4","/opt/gadgetry/node_modules/gadgetry/bin/gadgetry.js"]' \
  --cmd serve \
  --env PATH=/usr/local/bin \
  --workingdir / \
  --label org.opencontainers.image.title="Gadgetry agent" \
  --label org.opencontainers.image.version="$VERSION" \
  --label org.opencontainers.image.licenses=Apache-2.0 \
  "$ctr"
buildah "${opts[@]}" commit --quiet "$ctr" "$IMAGE" >/dev/null
echo "build: $IMAGE"
