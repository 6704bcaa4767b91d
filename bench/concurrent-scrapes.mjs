// Benchmark 6: 50 concurrent scrapes of 10,000 series while the app records, served on loopback.
// Reports the longest event-loop block of the serving thread with one collection per scrape (what
// the handler did before coalescing) and with the shared, coalesced collection, as a ratio in the
// same run. The 50 clients run in a worker thread so their body parsing does not count against the
// server's event loop. Each variant is run ROUNDS times, interleaved; medians are reported.
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { LlmeterPrometheusReader } from '../dist/exporters/prometheus/reader.js'
import { createScrapeHandler } from '../dist/exporters/prometheus/scrape-handler.js'
import { CONTENT_TYPE } from '../dist/exporters/prometheus/serializer.js'
import { fmt, median, table } from './lib/measure.mjs'

const SERIES = 10_000
const CLIENTS = 50
const ROUNDS = 3

const reader = new LlmeterPrometheusReader()
const provider = new MeterProvider({
  readers: [reader],
  views: [{ instrumentName: '*', aggregationCardinalityLimit: 1e7 }],
})
const meter = provider.getMeter('bench')
const counter = meter.createCounter('bench.requests', { description: 'requests' })
const histogram = meter.createHistogram('bench.latency', {
  description: 'latency',
  unit: 's',
  advice: { explicitBucketBoundaries: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
})
for (let i = 0; i < SERIES; i++) {
  counter.add(1, { model: `model-${i}`, provider: 'openai' })
  histogram.record(i % 12, { model: `model-${i}`, provider: 'openai' })
}
let collects = 0
const collect = reader.collect.bind(reader)
reader.collect = (o) => {
  collects++
  return collect(o)
}

/** One collection and serialization per request, streamed with back-pressure (no coalescing). */
function perRequest(_req, res) {
  res.setHeader('content-type', CONTENT_TYPE)
  const write = (piece) =>
    res.write(piece) ? undefined : new Promise((resolve) => res.once('drain', resolve))
  reader.scrapeInto(write).then(() => res.end())
}

const variants = {
  'one collection per scrape': perRequest,
  'coalesced (maxConcurrentScrapes 50)': createScrapeHandler(reader, { maxConcurrentScrapes: CLIENTS }),
  'coalesced, default bound (10)': createScrapeHandler(reader, {}),
}
let current = perRequest
const server = http.createServer((req, res) => current(req, res))
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/metrics`

const clients = new Worker(
  `const { parentPort } = require('node:worker_threads')
   parentPort.on('message', async ({ url, n }) => {
     const results = await Promise.all(Array.from({ length: n }, async () => {
       const res = await fetch(url)
       return { status: res.status, bytes: (await res.arrayBuffer()).byteLength }
     }))
     parentPort.postMessage(results)
   })`,
  { eval: true },
)

async function round(handler) {
  current = handler
  collects = 0
  // The app keeps recording; the longest gap between ticks of a 1 ms timer is the longest block.
  let last = performance.now()
  let maxGap = 0
  // And the event-loop delay distribution over the round, as the host's own monitoring sees it.
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const ticker = setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
    counter.add(1, { model: 'model-1', provider: 'openai' })
  }, 1)
  const started = performance.now()
  const results = await new Promise((resolve) => {
    clients.once('message', resolve)
    clients.postMessage({ url, n: CLIENTS })
  })
  const ms = performance.now() - started
  clearInterval(ticker)
  delay.disable()
  return {
    maxGap,
    p99: delay.percentile(99) / 1e6,
    ms,
    collects,
    ok: results.filter((r) => r.status === 200).length,
    busy: results.filter((r) => r.status === 503).length,
    bytes: Math.max(...results.map((r) => r.bytes)),
  }
}

const runs = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let r = 0; r < ROUNDS; r++)
  for (const [name, handler] of Object.entries(variants)) runs[name].push(await round(handler))
await clients.terminate()
server.close()
await provider.shutdown()

const base = median(runs['one collection per scrape'].map((x) => x.maxGap))
const rows = Object.entries(runs).map(([name, rs]) => {
  const block = median(rs.map((x) => x.maxGap))
  return [
    name,
    fmt(block),
    `${fmt(block / base, 2)}x`,
    fmt(median(rs.map((x) => x.p99)), 1),
    fmt(median(rs.map((x) => x.ms))),
    String(rs[0].collects),
    `${rs[0].ok} / ${rs[0].busy}`,
    `${fmt(rs[0].bytes / 1e6, 1)} MB`,
  ]
})
console.log(
  `### ${CLIENTS} concurrent scrapes of ${SERIES.toLocaleString('en-US')} series while recording (median of ${ROUNDS} rounds)\n`,
)
console.log(
  table(
    [
      'variant',
      'longest event-loop block ms',
      'vs one collection per scrape',
      'event-loop delay p99 ms',
      'all answered ms',
      'collections',
      '200 / 503',
      'body',
    ],
    rows,
  ),
)
