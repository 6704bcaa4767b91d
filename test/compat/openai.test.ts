// openai at the low and the high end of SUPPORTED_OPENAI_VERSIONS: the real client of each version,
// patched through its module exports as the load hook does, against the simulated provider.
import * as openaiHigh from 'openai'
import * as openaiLow from 'openai-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_OPENAI_VERSIONS } from '../../src/instrumentations/openai/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import {
  expectDeclared,
  installedVersion,
  MATRIX,
  readAll,
  type SimulatedProvider,
  startSimulatedProvider,
} from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.openai.low, module: openaiLow as any },
  { end: 'high', name: MATRIX.openai.high, module: openaiHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const messages = [{ role: 'user', content: 'hello' }]

describe.each(rows)('openai $version ($end end, $name)', ({ module, version }) => {
  let provider: SimulatedProvider
  let h: Harness
  let client: any
  const base = (model: string) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': provider.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string) =>
    h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })

  beforeAll(async () => {
    provider = await startSimulatedProvider()
    patchOpenAIExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchOpenAIExports(module)
    await provider.close()
  })
  beforeEach(() => {
    h = createHarness()
    provider.resetStats()
    client = new module.default({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_OPENAI_VERSIONS)
  })

  it('plain call: exact tokens, one duration sample, no call left active', async () => {
    const res = await client.chat.completions.create({ model: 'plain', messages }, { headers })
    expect(res.usage.prompt_tokens).toBe(130)
    expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
    expect(await tokens('plain', 'input')).toBe(130)
    expect(await tokens('plain', 'output')).toBe(20)
    expect(await tokens('plain', 'cache_read')).toBe(30)
    expect(await tokens('plain', 'reasoning')).toBe(5)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('streamed call: the caller sees its 6 content chunks and no usage chunk; usage and chunk timings recorded', async () => {
    const stream = await client.chat.completions.create(
      { model: 'stream', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '6' } },
    )
    const chunks = await readAll<any>(stream)
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBe(6)
    expect(chunks.some((c) => 'usage' in c)).toBe(false)
    expect(provider.stats.requests['/v1/chat/completions']).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('stream'))).toBe(1)
    expect(await tokens('stream', 'input')).toBe(130)
    expect(await tokens('stream', 'output')).toBe(20)
    expect(await tokens('stream', 'cache_read')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.duration', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    const stream = await client.chat.completions.create(
      { model: 'brk', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '20' } },
    )
    let seen = 0
    for await (const _ of stream) if (++seen === 2) break
    expect(seen).toBe(2)
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await tokens('brk', 'output')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    const res = await client.chat.completions.create(
      { model: 'limited', messages },
      { headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
    )
    expect(res.choices).toHaveLength(1)
    expect(provider.stats.attempts).toEqual([0, 1])
    expect(provider.stats.statuses).toEqual({ 200: 1, 429: 1 })
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.requests', { ...base('limited'), 'error.type': 'rate_limit' }),
    ).toBeUndefined()
    expect(await tokens('limited', 'output')).toBe(20)
  })
})
