// @anthropic-ai/sdk at the low and the high end of SUPPORTED_ANTHROPIC_VERSIONS: the real client of
// each version, patched through its module exports as the load hook does, against the simulated provider.
import * as anthropicHigh from '@anthropic-ai/sdk'
import * as anthropicLow from '@anthropic-ai/sdk-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_ANTHROPIC_VERSIONS } from '../../src/instrumentations/anthropic/index.js'
import { patchAnthropicExports, unpatchAnthropicExports } from '../../src/instrumentations/anthropic/patch.js'
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
  { end: 'low', name: MATRIX.anthropic.low, module: anthropicLow as any },
  { end: 'high', name: MATRIX.anthropic.high, module: anthropicHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 0 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const params = (model: string) => ({ model, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] })

describe.each(rows)('@anthropic-ai/sdk $version ($end end, $name)', ({ module, version }) => {
  let provider: SimulatedProvider
  let h: Harness
  let client: any
  const base = (model: string) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': provider.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string) =>
    h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })

  beforeAll(async () => {
    provider = await startSimulatedProvider()
    patchAnthropicExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchAnthropicExports(module)
    await provider.close()
  })
  beforeEach(() => {
    h = createHarness()
    provider.resetStats()
    client = new module.default({ apiKey: 'sk-ant-test', baseURL: provider.url, maxRetries: 2 })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_ANTHROPIC_VERSIONS)
  })

  it('plain call: input with cache reads and writes, exact tokens, one duration sample', async () => {
    const msg = await client.messages.create(params('plain'), { headers })
    expect(msg.usage.input_tokens).toBe(100)
    expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
    expect(await tokens('plain', 'input')).toBe(137)
    expect(await tokens('plain', 'output')).toBe(20)
    expect(await tokens('plain', 'cache_read')).toBe(30)
    expect(await tokens('plain', 'cache_write')).toBe(7)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('streamed call: the caller sees its 6 text deltas; usage and chunk timings recorded', async () => {
    const stream = await client.messages.create(
      { ...params('stream'), stream: true },
      { headers: { ...headers, 'x-sim-chunks': '6' } },
    )
    const events = await readAll<any>(stream)
    expect(events.filter((e) => e.type === 'content_block_delta').length).toBe(6)
    expect(await h.value('llmeter.llm.requests', base('stream'))).toBe(1)
    expect(await tokens('stream', 'input')).toBe(137)
    expect(await tokens('stream', 'output')).toBe(20)
    expect((await h.histogram('gen_ai.client.operation.duration', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('messages.stream() helper: finalMessage() resolves and the call is recorded once', async () => {
    const stream = client.messages.stream(params('helper'), { headers })
    const final = await stream.finalMessage()
    expect(final.usage.output_tokens).toBe(20)
    expect(await h.value('llmeter.llm.requests', base('helper'))).toBe(1)
    expect(await tokens('helper', 'output')).toBe(20)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    const stream = await client.messages.create(
      { ...params('brk'), stream: true },
      { headers: { ...headers, 'x-sim-chunks': '20' } },
    )
    let seen = 0
    for await (const _ of stream) if (++seen === 3) break
    expect(seen).toBe(3)
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    const msg = await client.messages.create(params('limited'), {
      headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' },
    })
    expect(msg.content[0].type).toBe('text')
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
