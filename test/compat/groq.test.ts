// groq-sdk at the low and the high end of SUPPORTED_GROQ_VERSIONS: the real client of each version,
// patched through its module exports as the load hook does, against a local Groq wire server.
import * as groqHigh from 'groq-sdk'
import * as groqLow from 'groq-sdk-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_GROQ_VERSIONS } from '../../src/instrumentations/groq/index.js'
import { patchGroqExports, unpatchGroqExports } from '../../src/instrumentations/groq/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { type GroqWire, startGroqWire } from '../support/groq-wire.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.groq.low, module: groqLow as any },
  { end: 'high', name: MATRIX.groq.high, module: groqHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const messages = [{ role: 'user', content: 'hello' }]

describe.each(rows)('groq-sdk $version ($end end, $name)', ({ module, version }) => {
  let wire: GroqWire
  let h: Harness
  let client: any
  const base = (model: string) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'groq',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': wire.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'groq',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string) =>
    h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })

  beforeAll(async () => {
    wire = await startGroqWire()
    patchGroqExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchGroqExports(module)
    await wire.close()
  })
  beforeEach(() => {
    h = createHarness()
    client = new module.default({ apiKey: 'gsk-test', baseURL: wire.url, maxRetries: 2 })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_GROQ_VERSIONS)
  })

  it('plain call: exact tokens, one duration sample, no call left active', async () => {
    const res = await client.chat.completions.create({ model: 'plain', messages })
    expect(res.usage.prompt_tokens).toBe(1200)
    expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
    expect(await tokens('plain', 'input')).toBe(1200)
    expect(await tokens('plain', 'output')).toBe(300)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('streamed call: the caller sees every chunk; usage from x_groq.usage of the last chunk; chunk timings', async () => {
    wire.behave('stream', { chunks: 6 })
    const chunks = await readAll<any>(
      await client.chat.completions.create({ model: 'stream', messages, stream: true }),
    )
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBe(6)
    expect(chunks.at(-1).x_groq.usage.completion_tokens).toBe(300)
    expect(await tokens('stream', 'input')).toBe(1200)
    expect(await tokens('stream', 'output')).toBe(300)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    wire.behave('brk', { chunks: 10 })
    let seen = 0
    for await (const _ of await client.chat.completions.create({ model: 'brk', messages, stream: true }))
      if (++seen === 2) break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    wire.behave('limited', { status: 429, failures: 1 })
    const res = await client.chat.completions.create({ model: 'limited', messages })
    expect(res.choices).toHaveLength(1)
    expect(wire.attempts.limited).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(await tokens('limited', 'output')).toBe(300)
  })
})
