#!/usr/bin/env bash
# The packed package, checked the way a user gets it: build, `npm pack` into a temp dir, then
#  - publint on the tarball (exports map, files, types, "type": "module"), warnings as errors;
#  - attw on the tarball for every subpath of the exports map, `import` and `require`;
#  - every subpath loaded with require() (CommonJS) and with import() (ESM), and type-checked from a .cts and a .mts consumer with TypeScript's `module: nodenext`.
# attw runs with `--profile node16 --ignore-rules cjs-resolves-to-esm`; why, with the evidence the
# last step gives, is in docs/architecture.md ("ESM with `require` through `require(esm)`").
# Run through `npm run check:package` (Node 24 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/node_modules/.bin

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm run build --silent
npm pack --silent --pack-destination "$tmp" >/dev/null
tgz=$(ls "$tmp"/*.tgz)

"$bin/publint" run "$tgz" --strict
"$bin/attw" "$tgz" --profile node16 --ignore-rules cjs-resolves-to-esm --format table-flipped --no-emoji

# The subpaths of the exports map (package.json itself aside).
mapfile -t subpaths < <(node -e '
  for (const key of Object.keys(require("./package.json").exports))
    if (key !== "./package.json") console.log(key === "." ? "llmeter" : "llmeter/" + key.slice(2))')

# A consumer with the tarball installed as node_modules/llmeter; its dependencies resolve from the
# repository's node_modules (one directory up), as an installed package's would.
consumer=$tmp/consumer
mkdir -p "$consumer/node_modules/llmeter"
tar -xzf "$tgz" -C "$consumer/node_modules/llmeter" --strip-components=1
ln -s "$root/node_modules" "$tmp/node_modules"
{
  i=0
  for s in "${subpaths[@]}"; do echo "import m$i = require('$s')"; echo "void m$i"; i=$((i + 1)); done
} >"$consumer/types.cts"
{
  i=0
  for s in "${subpaths[@]}"; do echo "import * as m$i from '$s'"; echo "void m$i"; i=$((i + 1)); done
  echo "export {}"
} >"$consumer/types.mts"
cat >"$consumer/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "target": "es2023",
    "strict": true,
    "noEmit": true,
    "types": ["node"],
    "typeRoots": ["../node_modules/@types"]
  },
  "files": ["types.cts", "types.mts"]
}
EOF
# Every subpath from CommonJS (require(esm)) and from ESM, all in one process for each, in the
# order of the exports map; the register entry among them starts llmeter (here without scrape
# server or exit hooks) while the later subpaths load.
env=(LLMETER_PROMETHEUS_SERVER=false LLMETER_FLUSH_ON_EXIT=false)
cjs=$(printf "require('%s');" "${subpaths[@]}")
esm=$(printf "await import('%s');" "${subpaths[@]}")
(cd "$consumer" && env "${env[@]}" node -e "$cjs" && env "${env[@]}" node --input-type=module -e "$esm")
"$bin/tsc" -p "$consumer/tsconfig.json"
# The packed dist/version.js reads the packed package.json (test/unit/version.test.ts checks src/).
(cd "$consumer" && node --input-type=module -e "
  const { VERSION } = await import('./node_modules/llmeter/dist/version.js')
  const { version } = (await import('llmeter/package.json', { with: { type: 'json' } })).default
  if (VERSION !== version) throw new Error('packed version.js says ' + VERSION + ', package.json ' + version)")
echo "package ok: ${#subpaths[@]} subpaths (${subpaths[*]}) by require() and import(), types from .cts and .mts"
