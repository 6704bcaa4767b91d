#!/usr/bin/env bash
# Installs what the runtime tests run on beside the project's own dependencies:
# - the Node.js 22 binary of the runtime matrix (test/integration/runtimes/runtime-matrix.test.ts),
#   from the npm registry's official Node.js builds (node-linux-<arch>), into .tmp/runtimes/node22;
#   Node 24 (the `node` devDependency), Bun and Deno (the `bun` and `deno` devDependencies) come
#   with `npm install`;
# - Next.js 15.5, the low end of what the Next.js test builds (test/integration/runtimes/
#   nextjs.test.ts), into .tmp/next15: Next resolves itself by name (`next/dist/...`), so an npm
#   alias beside the devDependency (Next 16) would load parts of both; an app under .tmp/next15
#   finds this one first and everything else in the project's node_modules.
# Each does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE22_VERSION=22.15.0
dir=.tmp/runtimes/node22
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "no Node.js 22 build for $(uname -m)" >&2; exit 1 ;;
esac
bin="$dir/node_modules/node-linux-$arch/bin/node"
if ! { [ -x "$bin" ] && [ "$("$bin" --version)" = "v$NODE22_VERSION" ]; }; then
  mkdir -p "$dir"
  npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --prefix "$dir" "node-linux-$arch@$NODE22_VERSION" >/dev/null
  "$bin" --version
fi

NEXT15_VERSION=15.5.29
next15=.tmp/next15
manifest="$next15/node_modules/next/package.json"
if ! grep -q "\"version\": \"$NEXT15_VERSION\"" "$manifest" 2>/dev/null; then
  mkdir -p "$next15"
  # --legacy-peer-deps: react and react-dom come from the project's node_modules, one copy.
  npm install --no-save --no-package-lock --legacy-peer-deps --no-audit --no-fund --prefix "$next15" "next@$NEXT15_VERSION" >/dev/null
  echo "next $NEXT15_VERSION"
fi
