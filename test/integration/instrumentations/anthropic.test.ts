import Anthropic, * as anthropicModule from '@anthropic-ai/sdk'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import {
  patchAnthropicExports,
  unpatchAnthropicExports,
} from '../../../src/instrumentations/anthropic/anthropic.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: Anthropic

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 0 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const params = {
  model: 'claude-sonnet-4-6',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'hi' }],
}
const base = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': 'claude-sonnet-4-6',
}
const tokens = (type: string) => h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': type })

beforeAll(async () => {
  provider = await startSimulatedProvider()
  patchAnthropicExports(anthropicModule)
})
afterAll(async () => {
  unpatchAnthropicExports(anthropicModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: provider.url, maxRetries: 2 })
})
afterEach(async () => {
  await h.close()
})

describe('anthropic messages', () => {
  it('counts cache reads and writes as part of input, as reported apart by Anthropic', async () => {
    const msg = await client.messages.create(params, { headers })
    expect(msg.usage.input_tokens).toBe(100)
    expect(await tokens('input')).toBe(137)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('cache_write')).toBe(7)
    const full = {
      ...base,
      'gen_ai.response.model': 'claude-sonnet-4-6',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    }
    expect((await h.histogram('gen_ai.client.operation.duration', full))?.count).toBe(1)
  })

  it('records a raw stream: time to first chunk, usage from message_start and message_delta', async () => {
    const stream = await client.messages.create(
      { ...params, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '4' } },
    )
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(4)
    expect(await tokens('input')).toBe(137)
    expect(await tokens('output')).toBe(20)
    const full = {
      ...base,
      'gen_ai.response.model': 'claude-sonnet-4-6',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    }
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full))?.count).toBe(1)
  })

  it('keeps messages.stream() helpers working: text events and finalMessage()', async () => {
    const texts: string[] = []
    const final = await client.messages
      .stream(params, { headers })
      .on('text', (t) => texts.push(t))
      .finalMessage()
    expect(texts.join('')).toBe((final.content[0] as { text: string }).text)
    expect(final.usage.output_tokens).toBe(20)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
    expect(await tokens('output')).toBe(20)
  })

  it('records an aborted stream once as cancelled', async () => {
    const stream = client.messages.stream(params, { headers: { ...headers, 'x-sim-chunks': '6' } })
    stream.on('text', () => stream.abort())
    await stream.done().catch(() => {})
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
  })

  it('counts a 529 attempt as a retry by server_error and the final success', async () => {
    await client.messages.create(params, {
      headers: { ...headers, 'x-sim-fault': '529', 'x-sim-fault-attempts': '1' },
    })
    const attempt = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-6',
      'server.address': '127.0.0.1',
    }
    expect(await h.value('llmeter.llm.retries', { ...attempt, 'llmeter.retry.reason': 'server_error' })).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
  })

  it('rejects with the SDK error and records its type', async () => {
    const error = await client.messages
      .create(params, { headers: { 'x-sim-fault': '429' }, maxRetries: 0 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.RateLimitError)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'rate_limit' })).toBe(1)
    const attempt = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-6',
      'server.address': '127.0.0.1',
    }
    expect(await h.value('llmeter.llm.rate_limits', attempt)).toBe(1)
  })
})
