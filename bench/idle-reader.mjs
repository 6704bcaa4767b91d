// The idle-reader leak (opentelemetry-js PR #6444): with a View shared by two readers, every
// collection by one reader stashes a copy of the data for the other until that one collects. With
// Prometheus never scraped and OTLP pushing, the stash grows with every push. This measures heap
// growth over many pushes with llmeter's drain (start() collects the idle Prometheus reader
// between pushes) and without it.
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { LlmeterPrometheusReader } from '../dist/exporters/prometheus/reader.js'
import { recorderFor } from '../dist/recording/registry.js'
import { llmeterViews } from '../dist/sdk/views.js'
import { LlmCall } from '../dist/tracking/llm-call.js'
import { fmt, table } from './lib/measure.mjs'

const gc = globalThis.gc ?? (() => {})
const PUSHES = 400
const MODELS = 500

// An exporter that accepts everything at once (no network): only the SDK's own memory is measured.
const exporter = { export: (_m, cb) => cb({ code: 0 }), forceFlush: async () => {}, shutdown: async () => {} }

async function run(drain) {
  const prom = new LlmeterPrometheusReader()
  const push = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
  const provider = new MeterProvider({ views: llmeterViews(), readers: [prom, push] })
  const recorder = recorderFor(provider)
  const heap = []
  for (let p = 0; p < PUSHES; p++) {
    for (let i = 0; i < MODELS; i++)
      new LlmCall({ provider: 'openai', model: `m${i}` }, recorder).end({
        usage: { inputTokens: 1, outputTokens: 1 },
      })
    await push.forceFlush()
    if (drain) await prom.drainIfIdle(0)
    if (p === 20 || p === PUSHES - 1) {
      gc()
      gc()
      heap.push(process.memoryUsage().heapUsed)
    }
  }
  await provider.shutdown()
  return (heap[1] - heap[0]) / 1e6
}

const without = await run(false)
const withDrain = await run(true)
console.log(
  `### Heap growth from push 20 to push ${PUSHES}, ${MODELS} models, Prometheus reader never scraped\n`,
)
console.log(
  table(
    ['variant', 'heap growth (MB)'],
    [
      ['no drain (SDK as is)', fmt(without, 1)],
      ['llmeter drain of the idle reader', fmt(withDrain, 1)],
    ],
  ),
)
