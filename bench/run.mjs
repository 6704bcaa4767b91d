// Runs every benchmark in its own process (so one's heap and JIT state cannot skew another) and
// prints the markdown that docs/benchmarks.md is made from.
// Usage: npm run bench            (builds first; writes nothing, prints markdown)
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const benches = [
  ['record.mjs', []],
  ['scrape.mjs', ['--expose-gc']],
  ['concurrent-scrapes.mjs', []],
  ['idle-reader.mjs', ['--expose-gc']],
  ['instrumentation-overhead.mjs', []],
  ['cold-start.mjs', []],
  ['compare-openai/run.cjs', []],
]
// The comparison needs openai 6 and the contrib instrumentation, installed apart (bench/compare-openai).
if (!existsSync(`${here}compare-openai/node_modules/openai`)) {
  spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', `${here}compare-openai`], {
    stdio: 'inherit',
  })
}
console.log(`Node ${process.version}, ${process.platform}/${process.arch}\n`)
for (const [file, flags] of benches) {
  if (!existsSync(`${here}${file}`)) continue
  const result = spawnSync(process.execPath, [...flags, `${here}${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (result.status !== 0) {
    console.error(`${file} failed with status ${result.status}`)
    process.exitCode = 1
  }
  console.log(`${result.stdout.trim()}\n`)
}
