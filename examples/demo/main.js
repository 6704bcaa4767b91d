// llmeter demo: `npm run demo` (runs `node --import llmeter/register examples/demo/main.js`).
//
// Starts a simulated OpenAI- and Anthropic-compatible provider on loopback (realistic latency,
// streaming, token usage, occasional 429s and 5xx), the demo app that calls it through the real
// openai and anthropic clients, and a traffic generator. llmeter serves the app's metrics.
//
// Flags:
//   --duration 30s   stop after this long (default: run until Ctrl-C)
//   --prometheus     also start Debian's `prometheus` on 127.0.0.1:9090 (if installed), scraping the
//                    demo every 5 s with llmeter's recording and alert rules loaded
//   --faults 0.07    share of provider responses that fail (70% of them 429, 30% 500); default 0.07
//   --json           print one JSON line with the URLs (for scripts and tests)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ready, shutdown } from 'llmeter'
import { startSimulatedProvider } from '../simulated-provider/index.js'
import { startDemoApp } from './app.js'
import { startTraffic } from './traffic.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text ?? '')
  if (!m) throw new Error(`--duration takes e.g. 30s, 2m or 500ms (got ${text})`)
  const n = Number(m[1])
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000
}

function flag(name) {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? undefined : (process.argv[i + 1] ?? '')
}

function startPrometheus(metricsUrl) {
  if (spawnSync('prometheus', ['--version']).status !== 0) {
    console.log('prometheus is not installed (apt-get install prometheus); skipping it')
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'llmeter-demo-prom-'))
  const rulesDir = join(ROOT, 'monitoring', 'rules')
  const rules = existsSync(rulesDir) ? readdirSync(rulesDir).filter((f) => f.endsWith('.rules.yml')) : []
  const target = new URL(metricsUrl)
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 5s',
      '  evaluation_interval: 5s',
      'rule_files:',
      ...rules.map((f) => `  - ${JSON.stringify(join(rulesDir, f))}`),
      'scrape_configs:',
      '  - job_name: llmeter-demo',
      `    metrics_path: ${target.pathname}`,
      '    static_configs:',
      `      - targets: [${JSON.stringify(target.host)}]`,
      '',
    ].join('\n'),
  )
  const proc = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:9090',
    ],
    { stdio: 'ignore' },
  )
  return proc
}

const durationMs = flag('duration') === undefined ? undefined : parseDuration(flag('duration'))
const faultRate = flag('faults') === undefined ? 0.07 : Number(flag('faults'))
if (!(faultRate >= 0 && faultRate <= 1))
  throw new Error(`--faults takes a share from 0 to 1 (got ${flag('faults')})`)
const provider = await startSimulatedProvider({
  latency: { firstByteMs: 120, perChunkMs: 25 },
  faults: { rateLimit: faultRate * 0.7, serverError: faultRate * 0.3 },
})
const app = await startDemoApp({ providerUrl: provider.url })
const traffic = startTraffic({ appUrl: app.url, routes: app.routes })
const instance = await ready()
const metricsUrl = instance?.metricsUrl
const prometheus =
  process.argv.includes('--prometheus') && metricsUrl ? startPrometheus(metricsUrl) : undefined

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ metricsUrl, appUrl: app.url, providerUrl: provider.url }))
} else {
  console.log(`llmeter demo running${durationMs ? ` for ${durationMs / 1000} s` : ' (Ctrl-C to stop)'}`)
  console.log(
    `  metrics:             ${metricsUrl ?? '(the scrape endpoint is not running: see diagnostics)'}`,
  )
  console.log(`  demo app:            ${app.url}  (routes: ${app.routes.join(', ')})`)
  console.log(`  simulated provider:  ${provider.url}`)
  if (prometheus) console.log('  prometheus:          http://127.0.0.1:9090')
}

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await traffic.stop()
  if (!process.argv.includes('--json')) {
    console.log(
      `stopped after ${traffic.stats.sent} requests (${traffic.stats.failed} failed upstream, as simulated)`,
    )
  }
  prometheus?.kill('SIGTERM')
  await app.close()
  await provider.close()
  await shutdown()
}
if (durationMs !== undefined) setTimeout(stop, durationMs)
process.once('SIGINT', () => stop().then(() => process.exit(130)))
process.once('SIGTERM', () => stop().then(() => process.exit(143)))
