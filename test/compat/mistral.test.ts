// @mistralai/mistralai at the low and the high end of SUPPORTED_MISTRAL_VERSIONS: the real client
// of each version, patched through its module exports as the load hook does, against a local
// Mistral wire-format server.
import * as mistralHigh from '@mistralai/mistralai'
import * as mistralLow from '@mistralai/mistralai-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_MISTRAL_VERSIONS } from '../../src/instrumentations/mistral/index.js'
import { patchMistralExports, unpatchMistralExports } from '../../src/instrumentations/mistral/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { MISTRAL_EMBED_TOKENS, MISTRAL_TEXT, startMistralServer } from '../support/wire/mistral.js'
import type { WireServer } from '../support/wire/server.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.mistral.low, module: mistralLow as any },
  { end: 'high', name: MATRIX.mistral.high, module: mistralHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const messages = [{ role: 'user', content: 'hello' }]
const retryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 1, maxInterval: 2000, exponent: 1.1, maxElapsedTime: 10_000 },
}

describe.each(rows)('@mistralai/mistralai $version ($end end, $name)', ({ module, version, end }) => {
  let server: WireServer
  let h: Harness
  let client: any
  let key = 0
  const scenario = (name = 'ok') => ({ headers: { 'x-test-scenario': name, 'x-test-key': `${end}${++key}` } })
  const base = (model: string, operation = 'chat') => ({
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': 'mistral_ai',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': server.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'mistral_ai',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string, operation = 'chat') =>
    h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })

  beforeAll(async () => {
    server = await startMistralServer()
    patchMistralExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchMistralExports(module)
    await server.close()
  })
  beforeEach(() => {
    h = createHarness()
    client = new module.Mistral({ apiKey: 'test-key', serverURL: server.url, retryConfig })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_MISTRAL_VERSIONS)
  })

  it('plain call: exact tokens and cost, one duration sample, no call left active', async () => {
    const res = await client.chat.complete({ model: 'mistral-large-latest', messages }, scenario())
    expect(res.usage.promptTokens).toBe(120)
    expect(await h.value('llmeter.llm.requests', base('mistral-large-latest'))).toBe(1)
    expect(await tokens('mistral-large-latest', 'input')).toBe(120)
    expect(await tokens('mistral-large-latest', 'output')).toBe(30)
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...base('mistral-large-latest'), 'llmeter.cost.type': type })
    expect(await cost('input')).toBeCloseTo(120 * 2e-6, 12)
    expect(await cost('output')).toBeCloseTo(30 * 6e-6, 12)
    expect((await h.histogram('gen_ai.client.operation.duration', full('mistral-large-latest')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('mistral-large-latest'))).toBe(0)
  })

  it('streamed call: the caller sees every event; usage from the last one, chunk timings recorded', async () => {
    const events = await readAll<any>(await client.chat.stream({ model: 'stream', messages }, scenario()))
    expect(events.map((e) => e.data.choices[0].delta.content).join('')).toBe(MISTRAL_TEXT.join(''))
    expect(await h.value('llmeter.llm.requests', base('stream'))).toBe(1)
    expect(await tokens('stream', 'input')).toBe(120)
    expect(await tokens('stream', 'output')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    const stream = await client.chat.stream({ model: 'brk', messages }, scenario('hold'))
    let seen = 0
    for await (const _ of stream) if (++seen === 2) break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    const before = server.hits('/v1/chat/completions')
    await client.chat.complete({ model: 'limited', messages }, scenario('429-once'))
    expect(server.hits('/v1/chat/completions') - before).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.requests', { ...base('limited'), 'error.type': 'rate_limit' }),
    ).toBeUndefined()
  })

  it('embeddings: input tokens only', async () => {
    await client.embeddings.create({ model: 'mistral-embed', inputs: ['a'] }, scenario())
    expect(await tokens('mistral-embed', 'input', 'embeddings')).toBe(MISTRAL_EMBED_TOKENS)
    expect(await tokens('mistral-embed', 'output', 'embeddings')).toBeUndefined()
  })
})
