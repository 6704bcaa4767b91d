// cohere-ai at the low and the high end of SUPPORTED_COHERE_VERSIONS: the real CohereClientV2 of
// each version, its V2Client module patched as the load hook does, against a local Cohere v2
// wire-format server.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as cohereHigh from 'cohere-ai'
import * as cohereLow from 'cohere-ai-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_COHERE_VERSIONS } from '../../src/instrumentations/cohere/index.js'
import { patchCohereV2Exports, unpatchCohereV2Exports } from '../../src/instrumentations/cohere/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { COHERE_EMBED_TOKENS, COHERE_TEXT, startCohereServer } from '../support/wire/cohere.js'
import type { WireServer } from '../support/wire/server.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

const require = createRequire(import.meta.url)
/** The module that defines a package's V2Client, which the load hook patches (not in its exports map). */
const v2Client = (name: string) =>
  require(join(dirname(require.resolve(name)), 'api/resources/v2/client/Client.js'))

const rows = [
  { end: 'low', name: MATRIX.cohere.low, sdk: cohereLow as any },
  { end: 'high', name: MATRIX.cohere.high, sdk: cohereHigh as any },
].map((row) => ({ ...row, v2: v2Client(row.name), version: installedVersion(row.name) }))

const messages = [{ role: 'user', content: 'hello' }]

describe.each(rows)('cohere-ai $version ($end end, $name)', ({ sdk, v2, version, end }) => {
  let server: WireServer
  let h: Harness
  let client: any
  let key = 0
  const scenario = (name = 'ok') => ({ headers: { 'x-test-scenario': name, 'x-test-key': `${end}${++key}` } })
  const base = (model: string, operation = 'chat') => ({
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': 'cohere',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'server.address': '127.0.0.1',
    'server.port': server.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'cohere',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string, operation = 'chat') =>
    h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })

  beforeAll(async () => {
    server = await startCohereServer()
    patchCohereV2Exports(v2, defaultRecorder)
  })
  afterAll(async () => {
    unpatchCohereV2Exports(v2)
    await server.close()
  })
  beforeEach(() => {
    h = createHarness()
    client = new sdk.CohereClientV2({ token: 'test-key', baseUrl: server.url })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_COHERE_VERSIONS)
  })

  it('plain call: exact tokens and cost, one duration sample, no call left active', async () => {
    const res = await client.chat({ model: 'command-r-plus', messages }, scenario())
    expect(res.usage.tokens.inputTokens).toBe(140)
    expect(await h.value('llmeter.llm.requests', base('command-r-plus'))).toBe(1)
    expect(await tokens('command-r-plus', 'input')).toBe(140)
    expect(await tokens('command-r-plus', 'output')).toBe(25)
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...base('command-r-plus'), 'llmeter.cost.type': type })
    expect(await cost('input')).toBeCloseTo(140 * 2.5e-6, 12)
    expect(await cost('output')).toBeCloseTo(25 * 10e-6, 12)
    expect((await h.histogram('gen_ai.client.operation.duration', full('command-r-plus')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('command-r-plus'))).toBe(0)
  })

  it('streamed call: the caller sees every event; usage from message-end, chunk timings recorded', async () => {
    const events = await readAll<any>(await client.chatStream({ model: 'stream', messages }, scenario()))
    const deltas = events.filter((e) => e.type === 'content-delta')
    expect(deltas.map((e) => e.delta.message.content.text).join('')).toBe(COHERE_TEXT.join(''))
    expect(events.at(-1).type).toBe('message-end')
    expect(await h.value('llmeter.llm.requests', base('stream'))).toBe(1)
    expect(await tokens('stream', 'input')).toBe(140)
    expect(await tokens('stream', 'output')).toBe(25)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    const stream = await client.chatStream({ model: 'brk', messages }, scenario('hold'))
    for await (const event of stream) if (event.type === 'content-delta') break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    const before = server.hits('/v2/chat')
    await client.chat({ model: 'limited', messages }, scenario('429-once'))
    expect(server.hits('/v2/chat') - before).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.requests', { ...base('limited'), 'error.type': 'rate_limit' }),
    ).toBeUndefined()
  })

  it('embed: input tokens only', async () => {
    await client.embed(
      { model: 'embed-v4.0', texts: ['a'], inputType: 'search_query', embeddingTypes: ['float'] },
      scenario(),
    )
    expect(await tokens('embed-v4.0', 'input', 'embeddings')).toBe(COHERE_EMBED_TOKENS)
    expect(await tokens('embed-v4.0', 'output', 'embeddings')).toBeUndefined()
  })
})
