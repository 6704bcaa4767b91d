// Benchmark 3 and 4: serving a large scrape, and heap per series.
// Series: one counter + one 11-bucket histogram per attribute set, recorded through the OTel SDK.
// Baselines in the same run: the stock @opentelemetry/exporter-prometheus (collect + its
// serializer, what its request handler does) and prom-client (registry.metrics()).
// Run with --expose-gc so heap figures are taken after a full collection.
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import client from 'prom-client'
import { LlmeterPrometheusReader } from '../dist/exporters/prometheus/reader.js'
import { fmt, median, table } from './lib/measure.mjs'

const BOUNDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
const gc = globalThis.gc ?? (() => {})

function populate(meter, n) {
  const counter = meter.createCounter('bench.requests', { description: 'requests' })
  const histogram = meter.createHistogram('bench.latency', {
    description: 'latency',
    unit: 's',
    advice: { explicitBucketBoundaries: BOUNDS },
  })
  for (let i = 0; i < n; i++) {
    const attrs = { model: `model-${i}`, provider: 'openai' }
    counter.add(1 + (i % 7), attrs)
    histogram.record(i % 12, attrs)
  }
}

const views = [
  { instrumentName: 'bench.latency', aggregationCardinalityLimit: 1e7 },
  { instrumentName: 'bench.requests', aggregationCardinalityLimit: 1e7 },
]

async function timeAsync(fn) {
  const start = performance.now()
  const out = await fn()
  return [performance.now() - start, out]
}

async function maxBlockDuring(fn) {
  // The longest gap between ticks of a 1 ms timer is the longest stretch the event loop was
  // blocked. (monitorEventLoopDelay reports the same idea, but misses a stretch at the very end.)
  let last = performance.now()
  let maxGap = 0
  const ticker = setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
  }, 1)
  last = performance.now()
  const [ms, out] = await timeAsync(fn)
  await new Promise((resolve) => setTimeout(resolve, 5))
  clearInterval(ticker)
  return { ms, maxBlockMs: maxGap, out }
}

async function scrapeRun(n, rounds) {
  const ours = new LlmeterPrometheusReader()
  const stock = new PrometheusExporter({ preventServerStart: true })
  const stockSerializer = new PrometheusSerializer()
  const provider = new MeterProvider({ readers: [ours, stock], views })
  populate(provider.getMeter('bench'), n)
  const o = []
  const s = []
  let oursBlock = 0
  let stockBlock = 0
  let bytes = 0
  for (let r = 0; r < rounds; r++) {
    // What the scrape handler does: collect, serialize in slices, hand each piece to the socket.
    let size = 0
    const a = await maxBlockDuring(() =>
      ours.scrapeInto((piece) => {
        size += piece.length
      }),
    )
    o.push(a.ms)
    oursBlock = Math.max(oursBlock, a.maxBlockMs)
    bytes = size
    const b = await maxBlockDuring(async () =>
      stockSerializer.serialize((await stock.collect()).resourceMetrics),
    )
    s.push(b.ms)
    stockBlock = Math.max(stockBlock, b.maxBlockMs)
  }
  // Where the longest block comes from: the SDK's collect() is synchronous work we do not control.
  const c = await maxBlockDuring(() => ours.collect())
  await provider.shutdown()
  return { ours: median(o), stock: median(s), oursBlock, stockBlock, collectBlock: c.maxBlockMs, bytes }
}

async function promClientScrape(n, rounds) {
  const registry = new client.Registry()
  const c = new client.Counter({
    name: 'bench_requests_total',
    help: 'requests',
    labelNames: ['model', 'provider'],
    registers: [registry],
  })
  const h = new client.Histogram({
    name: 'bench_latency_seconds',
    help: 'latency',
    labelNames: ['model', 'provider'],
    buckets: BOUNDS,
    registers: [registry],
  })
  for (let i = 0; i < n; i++) {
    c.inc({ model: `model-${i}`, provider: 'openai' }, 1 + (i % 7))
    h.observe({ model: `model-${i}`, provider: 'openai' }, i % 12)
  }
  const t = []
  for (let r = 0; r < rounds; r++) t.push((await timeAsync(() => registry.metrics()))[0])
  return median(t)
}

async function heapPerSeries(n) {
  gc()
  gc()
  const before = process.memoryUsage().heapUsed
  const reader = new LlmeterPrometheusReader()
  const provider = new MeterProvider({ readers: [reader], views })
  populate(provider.getMeter('bench'), n)
  await reader.scrape()
  gc()
  const llmeter = (process.memoryUsage().heapUsed - before) / n
  await provider.shutdown()
  gc()
  gc()
  const before2 = process.memoryUsage().heapUsed
  const registry = new client.Registry()
  const c = new client.Counter({
    name: 'r_total',
    help: 'r',
    labelNames: ['model', 'provider'],
    registers: [registry],
  })
  const h = new client.Histogram({
    name: 'l',
    help: 'l',
    labelNames: ['model', 'provider'],
    buckets: BOUNDS,
    registers: [registry],
  })
  for (let i = 0; i < n; i++) {
    c.inc({ model: `model-${i}`, provider: 'openai' })
    h.observe({ model: `model-${i}`, provider: 'openai' }, i % 12)
  }
  await registry.metrics()
  gc()
  const prom = (process.memoryUsage().heapUsed - before2) / n
  return { llmeter, prom, registry }
}

// Heap first, in a fresh process state, so earlier runs' garbage cannot skew it.
const heap = globalThis.gc ? await heapPerSeries(10_000) : undefined
const rows = []
for (const [n, rounds] of [
  [10_000, 5],
  [100_000, 1],
]) {
  const r = await scrapeRun(n, rounds)
  const pc = await promClientScrape(n, rounds)
  rows.push([
    n.toLocaleString('en-US'),
    fmt(r.stock),
    fmt(pc),
    fmt(r.ours),
    `${fmt(r.ours / r.stock, 2)}x`,
    fmt(r.stockBlock),
    fmt(r.oursBlock),
    fmt(r.collectBlock),
    `${fmt(r.bytes / 1e6, 1)} MB`,
  ])
}
console.log('### Scrape: counter + 11-bucket histogram per series (median ms; max event-loop block in ms)\n')
console.log(
  table(
    [
      'series',
      'stock exporter ms',
      'prom-client ms',
      'llmeter ms',
      'llmeter vs stock',
      'stock max block',
      'llmeter max block',
      'of which SDK collect()',
      'body',
    ],
    rows,
  ),
)
if (heap) {
  const m = heap
  console.log('\n### Heap per series after a scrape (10,000 series, counter + histogram)\n')
  console.log(
    table(
      ['variant', 'bytes per series', 'vs prom-client'],
      [
        ['prom-client', fmt(m.prom), '1.00x'],
        ['llmeter (OTel SDK + llmeter reader)', fmt(m.llmeter), `${fmt(m.llmeter / m.prom, 2)}x`],
      ],
    ),
  )
}
