// Benchmark 5: llmeter vs @opentelemetry/instrumentation-openai, both on openai 6 (the newest
// major the contrib instrumentation supports), measured the same way in one process: three fresh
// copies of the openai module (plain, patched by the contrib instrumentation, patched by llmeter),
// one in-process fake fetch, interleaved rounds, medians, ratios to the plain copy.
// Usage: (cd bench/compare-openai && npm install) && npm run build && node bench/compare-openai/run.cjs
const path = require('node:path')
const { MeterProvider } = require('@opentelemetry/sdk-metrics')

const here = __dirname
const openaiPath = require.resolve('openai', { paths: [here] })

function freshOpenAI() {
  for (const key of Object.keys(require.cache))
    if (key.includes(`${path.sep}openai${path.sep}`) && key.includes('compare-openai'))
      delete require.cache[key]
  return require(openaiPath)
}

async function main() {
  const { fakeOpenAIFetch } = await import('../lib/fake-openai.mjs')
  const { median, nsPerOpAsync, table, fmt } = await import('../lib/measure.mjs')
  const { llmeterViews } = await import('../../dist/sdk/views.js')
  const { LlmeterPrometheusReader } = await import('../../dist/exporters/prometheus/reader.js')
  const { METER_NAME, Recorder, setRecorder } = await import('../../dist/tracking/recorder.js')
  const { patchOpenAIExports } = await import('../../dist/instrumentations/openai/patch.js')

  // Each side records into its own provider with one Prometheus reader.
  const contribProvider = new MeterProvider({ readers: [new LlmeterPrometheusReader()] })
  const llmeterProvider = new MeterProvider({
    views: llmeterViews(),
    readers: [new LlmeterPrometheusReader()],
  })
  setRecorder(new Recorder(llmeterProvider.getMeter(METER_NAME)))

  // Load order matters: the contrib instrumentation patches every later require of openai.
  const plain = freshOpenAI()
  const ours = freshOpenAI()
  patchOpenAIExports(ours)
  const { OpenAIInstrumentation } = require(
    require.resolve('@opentelemetry/instrumentation-openai', { paths: [here] }),
  )
  const contrib = new OpenAIInstrumentation()
  contrib.setMeterProvider(contribProvider)
  contrib.enable()
  const contribPatched = freshOpenAI()
  const wrapped = (m) => Boolean(m.OpenAI.Chat.Completions.prototype.create.__wrapped)
  if (wrapped(plain) || wrapped(ours) || !wrapped(contribPatched))
    throw new Error('the three openai copies are not patched as intended')

  const CHUNKS = 100
  const messages = [{ role: 'user', content: 'hi' }]
  const client = (mod, chunks) =>
    new (mod.OpenAI ?? mod)({
      apiKey: 'k',
      baseURL: 'http://bench.invalid/v1',
      maxRetries: 0,
      fetch: fakeOpenAIFetch({ chunks }),
    })
  const variants = [
    ['openai 6, uninstrumented', plain],
    ['@opentelemetry/instrumentation-openai 0.22', contribPatched],
    ['llmeter', ours],
  ]
  const results = variants.map(([name, mod]) => {
    const c = client(mod, 0)
    const s = client(mod, CHUNKS)
    return {
      name,
      plainCall: () => c.chat.completions.create({ model: 'gpt-4o-mini', messages }),
      streamCall: async () => {
        const stream = await s.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })
        for await (const _ of stream) {
        }
      },
      plain: [],
      stream: [],
    }
  })
  for (let round = 0; round < 9; round++) {
    for (const r of results) {
      r.plain.push(await nsPerOpAsync(r.plainCall, 1500, 1))
      r.stream.push(await nsPerOpAsync(r.streamCall, 150, 1))
    }
  }
  const base = results[0]
  const bp = median(base.plain)
  const bs = median(base.stream)
  console.log(
    '### openai 6: llmeter vs @opentelemetry/instrumentation-openai (in-process fake fetch, median of 9 interleaved rounds)\n',
  )
  console.log(
    table(
      ['variant', 'plain call', 'ratio', `stream of ${CHUNKS} chunks`, 'ratio'],
      results.map((r) => {
        const p = median(r.plain)
        const s = median(r.stream)
        return [
          r.name,
          `${fmt(p / 1000, 1)} us`,
          `${fmt(p / bp, 2)}x`,
          `${fmt(s / 1000, 1)} us`,
          `${fmt(s / bs, 2)}x`,
        ]
      }),
    ),
  )
  await Promise.all([contribProvider.shutdown(), llmeterProvider.shutdown()])
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
