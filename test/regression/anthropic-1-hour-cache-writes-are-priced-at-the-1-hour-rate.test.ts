/**
 * Anthropic reports 1-hour cache writes in `usage.cache_creation.ephemeral_1h_input_tokens`, next
 * to `ephemeral_5m_input_tokens`; both are part of `cache_creation_input_tokens`. They were billed
 * at the 5-minute rate: 0.01575 USD instead of 0.0225 for 1,000 input / 3,000 1-hour writes / 100
 * output tokens on claude-sonnet-4-5. Checked with @anthropic-ai/sdk (plain and streamed) and the
 * AI SDK's @ai-sdk/anthropic against a server speaking the Messages API.
 */
import { createAnthropic } from '@ai-sdk/anthropic'
import Anthropic from '@anthropic-ai/sdk'
import { generateText, streamText, wrapLanguageModel } from 'ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { llmeterMiddleware } from '../../src/instrumentations/ai/middleware.js'
import { instrument } from '../../src/instrumentations/instrument.js'
import { createPricer } from '../../src/pricing/index.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectUsd } from '../unit/pricing/expect-usd.js'
import { type Reply, startWireServer, type WireServer } from './support/wire-server.js'

const MODEL = 'claude-sonnet-4-5'
// The Messages API's usage for 1,000 uncached input tokens, 3,000 tokens written to the 1-hour
// cache and 100 output tokens.
const usage = {
  input_tokens: 1000,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3000 },
  output_tokens: 100,
  service_tier: 'standard',
}
const message = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: MODEL,
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage,
}
const events: Reply = {
  events: [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
      },
    },
    {
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    },
    {
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
    },
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 100 },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ],
}

let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer((body) => (body?.stream === true ? events : { json: message }))
})
afterAll(() => server.close())
beforeEach(() => {
  h = createHarness({ pricer: createPricer().pricer })
})
afterEach(() => h.close())

const attrs = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': MODEL,
}
const cost = (type: string) => h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': type })
const tokens = (type: string) => h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': type })

/**
 * claude-sonnet-4-5 in the catalog: $3 input, $3.75 5-minute and $6 1-hour cache writes, $15 output
 * per 1M tokens. 1000 * 3 / 1e6 = 0.003; 3000 * 6 / 1e6 = 0.018; 100 * 15 / 1e6 = 0.0015; total
 * 0.0225 (at the 5-minute rate the writes were 3000 * 3.75 / 1e6 = 0.01125, total 0.01575).
 */
async function expectOneHourPrices(calls = 1): Promise<void> {
  expect(await tokens('input')).toBe(4000 * calls)
  expect(await tokens('cache_write')).toBe(3000 * calls)
  expect(await tokens('cache_write_1h')).toBe(3000 * calls)
  expect(await tokens('output')).toBe(100 * calls)
  expectUsd(await cost('input'), 0.003 * calls)
  expectUsd(await cost('cache_write_1h'), 0.018 * calls)
  expectUsd(await cost('output'), 0.0015 * calls)
  expect(await cost('cache_write')).toBeUndefined()
  const metric = await h.metric('llmeter.llm.cost')
  const total = metric!.dataPoints.reduce((sum, p) => sum + (p.value as number), 0)
  expectUsd(total, 0.0225 * calls)
}

describe('1-hour cache writes on the Anthropic SDK', () => {
  const client = () =>
    instrument(new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 }))
  const params = { model: MODEL, max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] }

  it('prices messages.create at the 1-hour rate', async () => {
    const reply = await client().messages.create(params)
    expect(reply.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(3000)
    await expectOneHourPrices()
  })

  it('prices a streamed message at the 1-hour rate', async () => {
    const stream = await client().messages.create({ ...params, stream: true })
    let text = ''
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text
    }
    expect(text).toBe('ok')
    await expectOneHourPrices()
  })
})

describe('1-hour cache writes on the AI SDK with @ai-sdk/anthropic', () => {
  const model = () =>
    wrapLanguageModel({
      model: createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${server.url}/v1` })(MODEL),
      middleware: llmeterMiddleware(),
    })

  it('prices generateText at the 1-hour rate, read from the raw usage the provider passes on', async () => {
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 })
    expect(result.text).toBe('ok')
    await expectOneHourPrices()
  })

  it('prices streamText at the 1-hour rate', async () => {
    const result = streamText({ model: model(), prompt: 'hi', maxRetries: 0 })
    expect(await result.text).toBe('ok')
    await expectOneHourPrices()
  })
})
