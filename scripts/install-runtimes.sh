#!/usr/bin/env bash
# Installs the Node.js 22 binary the runtime matrix runs on (test/integration/runtimes/
# runtime-matrix.test.ts), from the npm registry's official Node.js builds (node-linux-<arch>), into
# .tmp/runtimes/node22, outside the project's own dependencies: Node 24 (the `node` devDependency),
# Bun and Deno (the `bun` and `deno` devDependencies) come with `npm install`.
# Does nothing when it is already there.
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
if [ -x "$bin" ] && [ "$("$bin" --version)" = "v$NODE22_VERSION" ]; then exit 0; fi
mkdir -p "$dir"
npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --prefix "$dir" "node-linux-$arch@$NODE22_VERSION" >/dev/null
"$bin" --version
