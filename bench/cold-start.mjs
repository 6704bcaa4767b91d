// Cold start of a function: milliseconds from process start to the first handled invocation of a
// Lambda-shaped handler module, without llmeter (the baseline) and with `llmeter/serverless`
// (explicit `instrument()`, or the automatic path under `--import llmeter/register`), each in a
// fresh child process, interleaved, median of the runs. With llmeter the first invocation
// includes starting it and the OTLP push to a receiver on loopback.
// Usage: npm run build && node bench/cold-start.mjs [runs]
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { fmt, median, table } from './lib/measure.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const RUNS = Number(process.argv[2] ?? 9)

const receiver = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'))
})
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const otlpUrl = `http://127.0.0.1:${receiver.address().port}/v1/metrics`

const variants = [
  ['without llmeter', [], 'handler-bare.mjs'],
  ['wrapLambda + instrument(client)', [], 'handler-wrapped.mjs'],
  ['wrapLambda + --import llmeter/register', ['--import', 'llmeter/register'], 'handler-wrapped.mjs'],
]

function once(flags, handler) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, `${here}cold-start/runtime.mjs`, `${here}cold-start/${handler}`],
      {
        cwd: `${here}..`,
        env: {
          PATH: process.env.PATH,
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: otlpUrl,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${handler} exited ${code}`)),
    )
  })
}

const samples = variants.map(() => ({ loaded: [], handled: [] }))
for (let r = 0; r < RUNS; r++) {
  for (const [i, [, flags, handler]] of variants.entries()) {
    const { loaded, handled } = await once(flags, handler)
    samples[i].loaded.push(loaded)
    samples[i].handled.push(handled)
  }
}
receiver.close()

const base = median(samples[0].handled)
console.log(
  `### Cold start: process start to the first handled invocation (${RUNS} runs each, interleaved, median)\n`,
)
console.log(
  table(
    ['variant', 'module loaded ms', 'first invocation handled ms', 'vs without llmeter'],
    variants.map(([name], i) => [
      name,
      fmt(median(samples[i].loaded), 1),
      fmt(median(samples[i].handled), 1),
      `${fmt(median(samples[i].handled) / base, 2)}x`,
    ]),
  ),
)
