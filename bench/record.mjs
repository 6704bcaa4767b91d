// Benchmark 1: recording the full metric set of one non-streaming LLM call (tokens in/out,
// duration, cost, active requests +1/-1) with its real attributes, Prometheus and OTLP readers
// both enabled. Baselines in the same run: a Map of Float64Array (the floor), prom-client doing
// the same updates, and a naive OTel SDK implementation (one instrument update per metric).

import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import client from 'prom-client'
import { LlmeterPrometheusReader } from '../dist/exporters/prometheus/reader.js'
import { recorderFor } from '../dist/recording/registry.js'
import { llmeterViews } from '../dist/sdk/views.js'
import { LlmCall } from '../dist/tracking/llm-call.js'
import { fmt, nsPerOp, table } from './lib/measure.mjs'

const MODELS = Array.from({ length: 30 }, (_, i) => `model-${i}`)
const OPS = 100_000
const DURATIONS = [0.12, 0.4, 1.3, 2.2, 0.05]

function readers() {
  // An OTLP reader that never fires during the run (long interval), as in production between pushes.
  const otlp = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: 'http://127.0.0.1:9/v1/metrics' }),
    exportIntervalMillis: 3_600_000,
  })
  return [new LlmeterPrometheusReader(), otlp]
}

// Floor: the cheapest possible bookkeeping of the same numbers.
const floorState = new Map()
function floor(i) {
  const key = MODELS[i % 30]
  let s = floorState.get(key)
  if (!s) {
    s = new Float64Array(8)
    floorState.set(key, s)
  }
  s[0] += 1
  s[1] += 812
  s[2] += 96
  s[3] += DURATIONS[i % 5]
  s[4] += 0.0021
  s[5] += 1
  s[5] -= 1
}

// prom-client: the same updates with the same labels.
const registry = new client.Registry()
const labelNames = ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model']
const pc = {
  requests: new client.Counter({ name: 'req_total', help: 'h', labelNames, registers: [registry] }),
  tokens: new client.Counter({
    name: 'tok_total',
    help: 'h',
    labelNames: [...labelNames, 'gen_ai_token_type'],
    registers: [registry],
  }),
  cost: new client.Counter({ name: 'cost_total', help: 'h', labelNames, registers: [registry] }),
  active: new client.Gauge({ name: 'active', help: 'h', labelNames, registers: [registry] }),
  duration: new client.Histogram({
    name: 'dur',
    help: 'h',
    labelNames,
    buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
    registers: [registry],
  }),
  usage: new client.Histogram({
    name: 'use',
    help: 'h',
    labelNames: [...labelNames, 'gen_ai_token_type'],
    buckets: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
    registers: [registry],
  }),
}
function promClient(i) {
  const labels = {
    gen_ai_operation_name: 'chat',
    gen_ai_provider_name: 'openai',
    gen_ai_request_model: MODELS[i % 30],
  }
  pc.active.inc(labels)
  pc.active.dec(labels)
  pc.duration.observe(labels, DURATIONS[i % 5])
  pc.requests.inc(labels)
  pc.usage.observe({ ...labels, gen_ai_token_type: 'input' }, 812)
  pc.usage.observe({ ...labels, gen_ai_token_type: 'output' }, 96)
  pc.tokens.inc({ ...labels, gen_ai_token_type: 'input' }, 812)
  pc.tokens.inc({ ...labels, gen_ai_token_type: 'output' }, 96)
  pc.cost.inc(labels, 0.0021)
}

// Naive OTel: the same updates through SDK instruments, no Views, two readers.
const naiveProvider = new MeterProvider({ readers: readers() })
const nm = naiveProvider.getMeter('naive')
const naive = {
  requests: nm.createCounter('req'),
  tokens: nm.createCounter('tok'),
  cost: nm.createCounter('cost'),
  active: nm.createUpDownCounter('active'),
  duration: nm.createHistogram('dur', {
    advice: {
      explicitBucketBoundaries: [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
      ],
    },
  }),
  usage: nm.createHistogram('use'),
}
function naiveOtel(i) {
  const attrs = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': MODELS[i % 30],
  }
  naive.active.add(1, attrs)
  naive.active.add(-1, attrs)
  naive.duration.record(DURATIONS[i % 5], {
    ...attrs,
    'server.address': 'api.openai.com',
    'server.port': 443,
  })
  naive.requests.add(1, attrs)
  naive.usage.record(812, { ...attrs, 'gen_ai.token.type': 'input' })
  naive.usage.record(96, { ...attrs, 'gen_ai.token.type': 'output' })
  naive.tokens.add(812, { ...attrs, 'gen_ai.token.type': 'input' })
  naive.tokens.add(96, { ...attrs, 'gen_ai.token.type': 'output' })
  naive.cost.add(0.0021, attrs)
}

// llmeter: the call tracker, with a fixed-price pricer so cost is recorded too.
const pricer = {
  price: () => ({
    total: 0.0021,
    input: 0.0012,
    output: 0.0009,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    request: 0,
  }),
}
const llmeterProvider = new MeterProvider({ views: llmeterViews(), readers: readers() })
const recorder = recorderFor(llmeterProvider)
recorder.configure({ pricer })
const usage = { inputTokens: 812, outputTokens: 96 }
function llmeter(i) {
  const call = new LlmCall(
    {
      provider: 'openai',
      model: MODELS[i % 30],
      operation: 'chat',
      serverAddress: 'api.openai.com',
      serverPort: 443,
    },
    recorder,
  )
  call.end({ usage })
}

const variants = { floor, 'prom-client': promClient, 'naive OTel SDK': naiveOtel, llmeter }
const results = {}
for (const [name, fn] of Object.entries(variants)) results[name] = nsPerOp(fn, OPS)
const rows = Object.entries(results).map(([name, ns]) => [
  name,
  fmt(ns),
  `${fmt(ns / results['prom-client'], 2)}x`,
  `${fmt(ns / results['naive OTel SDK'], 2)}x`,
  `${fmt(ns / results.floor, 1)}x`,
])
console.log(
  `### Recording one LLM call (${OPS.toLocaleString('en-US')} calls per round, 7 rounds, median; 30 models; Prometheus + OTLP readers)\n`,
)
console.log(table(['variant', 'ns per call', 'vs prom-client', 'vs naive OTel', 'vs floor'], rows))
await Promise.all([naiveProvider.shutdown(), llmeterProvider.shutdown()])
