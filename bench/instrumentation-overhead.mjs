// Benchmark 2 and 5: the cost llmeter adds to a real openai client call, measured against the same
// client uninstrumented in the same run (an in-process fake fetch; no network), plain and
// streaming; and the per-chunk cost of the stream observer over an unwrapped async iterator.

import { MeterProvider } from '@opentelemetry/sdk-metrics'
import OpenAI, * as openaiModule from 'openai'
import { LlmeterPrometheusReader } from '../dist/exporters/prometheus/reader.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../dist/instrumentations/openai/patch.js'
import { observeIterator } from '../dist/instrumentations/shared/stream-observer.js'
import { recorderFor, setDefaultProvider } from '../dist/recording/registry.js'
import { llmeterViews } from '../dist/sdk/views.js'
import { LlmCall } from '../dist/tracking/llm-call.js'
import { fakeOpenAIFetch } from './lib/fake-openai.mjs'
import { fmt, median, nsPerOpAsync, table } from './lib/measure.mjs'

const provider = new MeterProvider({ views: llmeterViews(), readers: [new LlmeterPrometheusReader()] })
const recorder = recorderFor(provider)
setDefaultProvider(provider)

const CHUNKS = 200
const plainClient = new OpenAI({
  apiKey: 'k',
  baseURL: 'http://bench.invalid/v1',
  fetch: fakeOpenAIFetch(),
  maxRetries: 0,
})
const streamClient = new OpenAI({
  apiKey: 'k',
  baseURL: 'http://bench.invalid/v1',
  fetch: fakeOpenAIFetch({ chunks: CHUNKS }),
  maxRetries: 0,
})
const messages = [{ role: 'user', content: 'hi' }]
const plainCall = () => plainClient.chat.completions.create({ model: 'gpt-4o-mini', messages })
const streamCall = async () => {
  const stream = await streamClient.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })
  for await (const _ of stream) {
  }
}

// Interleave uninstrumented and instrumented rounds so drift hits both alike.
async function compare(fn, ops, rounds) {
  const base = []
  const inst = []
  for (let r = 0; r < rounds; r++) {
    unpatchOpenAIExports(openaiModule)
    base.push(await nsPerOpAsync(fn, ops, 1))
    patchOpenAIExports(openaiModule, () => recorder)
    inst.push(await nsPerOpAsync(fn, ops, 1))
  }
  unpatchOpenAIExports(openaiModule)
  return { base: median(base), inst: median(inst) }
}

const plain = await compare(plainCall, 2000, 9)
const stream = await compare(streamCall, 300, 9)

// The stream observer alone: an async iterator of chunks, bare and observed by a tracked call.
const N = 1000
async function* chunks() {
  for (let i = 0; i < N; i++) yield i
}
const bare = async () => {
  for await (const _ of chunks()) {
  }
}
const observed = async () => {
  const call = new LlmCall({ provider: 'openai', model: 'gpt-4o-mini' }, recorder)
  const it = observeIterator(chunks(), {
    chunk: () => call.chunk(),
    end: () => call.end(),
    fail: (e) => call.fail(e),
    abandon: () => call.cancel(),
  })
  for await (const _ of it) {
  }
}
const bareNs = []
const obsNs = []
for (let r = 0; r < 15; r++) {
  bareNs.push((await nsPerOpAsync(bare, 50, 1)) / N)
  obsNs.push((await nsPerOpAsync(observed, 50, 1)) / N)
}
const perChunkBare = median(bareNs)
const perChunkObserved = median(obsNs)

console.log(
  '### Overhead on a real openai 7 client call (in-process fake fetch, median of 9 interleaved rounds)\n',
)
console.log(
  table(
    ['call', 'uninstrumented', 'with llmeter', 'ratio', 'added'],
    [
      [
        'chat.completions.create, plain (per call)',
        `${fmt(plain.base / 1000, 1)} us`,
        `${fmt(plain.inst / 1000, 1)} us`,
        `${fmt(plain.inst / plain.base, 2)}x`,
        `${fmt((plain.inst - plain.base) / 1000, 1)} us`,
      ],
      [
        `stream of ${CHUNKS} chunks (per chunk)`,
        `${fmt(stream.base / CHUNKS)} ns`,
        `${fmt(stream.inst / CHUNKS)} ns`,
        `${fmt(stream.inst / stream.base, 2)}x`,
        `${fmt((stream.inst - stream.base) / CHUNKS)} ns`,
      ],
    ],
  ),
)
console.log(`\n### The stream observer alone (${N}-chunk async iterator, median of 15 rounds)\n`)
console.log(
  table(
    ['iterator', 'ns per chunk', 'added per chunk'],
    [
      ['unwrapped async generator', fmt(perChunkBare), '-'],
      [
        'observed by llmeter (chunk counted on a tracked call)',
        fmt(perChunkObserved),
        fmt(perChunkObserved - perChunkBare),
      ],
    ],
  ),
)
await provider.shutdown()
