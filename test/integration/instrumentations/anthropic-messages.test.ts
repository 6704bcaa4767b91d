import Anthropic, * as anthropicModule from '@anthropic-ai/sdk'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { AnthropicInstrumentation } from '../../../src/instrumentations/anthropic/index.js'
import {
  patchAnthropicExports,
  unpatchAnthropicExports,
} from '../../../src/instrumentations/anthropic/patch.js'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: Anthropic

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 0 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const params = (model = 'claude-sonnet-4-6') => ({
  model,
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'hi' }],
})
const base = (model = 'claude-sonnet-4-6') => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': model,
})
const full = (model = 'claude-sonnet-4-6', responseModel = model) => ({
  ...base(model),
  'gen_ai.response.model': responseModel,
  'server.address': '127.0.0.1',
  'server.port': provider.port,
})
const attempt = (model = 'claude-sonnet-4-6') => ({
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const tokens = (type: string, model?: string) =>
  h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
const newClient = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: provider.url, maxRetries: 2 })

async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchAnthropicExports(anthropicModule)
  try {
    return await fn()
  } finally {
    patchAnthropicExports(anthropicModule, defaultRecorder)
  }
}

async function collectEvents(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const events: unknown[] = []
  for await (const event of stream) events.push(event)
  return events
}

/** Events without their per-response id, for comparing two responses. */
const shape = (events: unknown[]) => JSON.stringify(events).replace(/"msg_[^"]*"/g, '"id"')

beforeAll(async () => {
  provider = await startSimulatedProvider()
  patchAnthropicExports(anthropicModule, defaultRecorder)
})
afterAll(async () => {
  unpatchAnthropicExports(anthropicModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = newClient()
})
afterEach(async () => {
  await h.close()
})

describe('anthropic messages.create, plain', () => {
  it('counts cache reads and writes as part of input, as reported apart by Anthropic', async () => {
    const msg = await client.messages.create(params(), { headers })
    expect(msg.usage.input_tokens).toBe(100)
    expect(await tokens('input')).toBe(137)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('cache_write')).toBe(7)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('records the response model apart from the requested one', async () => {
    await client.messages.create(params('claude-sonnet-4-6'), {
      headers: { ...headers, 'x-sim-response-model': 'claude-sonnet-4-6-20260101' },
    })
    const point = await h.histogram(
      'gen_ai.client.operation.duration',
      full('claude-sonnet-4-6', 'claude-sonnet-4-6-20260101'),
    )
    expect(point?.count).toBe(1)
  })

  it('keeps withResponse() and asResponse() working', async () => {
    const { data, response } = await client.messages.create(params('wr'), { headers }).withResponse()
    expect(response.status).toBe(200)
    expect(data.usage.output_tokens).toBe(20)
    const raw = await client.messages.create(params('wr'), { headers }).asResponse()
    expect(((await raw.json()) as { usage: { output_tokens: number } }).usage.output_tokens).toBe(20)
    // llmeter reads its copy of the raw body alongside the host: let the event loop finish that read.
    for (let i = 0; i < 50 && (await h.value('llmeter.llm.requests', base('wr'))) !== 2; i++)
      await new Promise((r) => setImmediate(r))
    expect(await h.value('llmeter.llm.requests', base('wr'))).toBe(2)
    expect(await tokens('output', 'wr')).toBe(40)
    expect(await h.value('llmeter.llm.active_requests', base('wr'))).toBe(0)
  })

  it('records beta.messages.create too', async () => {
    await client.beta.messages.create(params('beta'), { headers })
    expect(await h.value('llmeter.llm.requests', base('beta'))).toBe(1)
    expect(await tokens('input', 'beta')).toBe(137)
  })
})

describe('anthropic streams', () => {
  it('records a raw stream: events unchanged, time to first chunk, usage from message_start and message_delta', async () => {
    const body = { ...params(), stream: true as const }
    const options = { headers: { ...headers, 'x-sim-chunks': '4' } }
    const events = await collectEvents(await client.messages.create(body, options))
    const bare = await withoutLlmeter(async () =>
      collectEvents(await newClient().messages.create(body, options)),
    )
    expect(shape(events)).toBe(shape(bare))
    expect(events.filter((e) => (e as { type: string }).type === 'content_block_delta')).toHaveLength(4)
    expect(await tokens('input')).toBe(137)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_write')).toBe(7)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full()))?.count).toBe(1)
  })

  it('keeps messages.stream() helpers working: text events and finalMessage()', async () => {
    const texts: string[] = []
    const final = await client.messages
      .stream(params(), { headers })
      .on('text', (t) => texts.push(t))
      .finalMessage()
    expect(texts.join('')).toBe((final.content[0] as { text: string }).text)
    expect(final.usage.output_tokens).toBe(20)
    expect(await h.value('llmeter.llm.requests', base())).toBe(1)
    expect(await tokens('output')).toBe(20)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
  })

  it('keeps tee() and toReadableStream() working and counts each call once', async () => {
    const stream = await client.messages.create({ ...params('tee'), stream: true }, { headers })
    const [a, b] = stream.tee()
    const [left, right] = await Promise.all([collectEvents(a), collectEvents(b)])
    expect(left).toEqual(right)
    const readable = (
      await client.messages.create({ ...params('tee'), stream: true }, { headers })
    ).toReadableStream()
    expect(await new Response(readable).text()).toContain('message_stop')
    expect(await h.value('llmeter.llm.requests', base('tee'))).toBe(2)
    expect(await tokens('input', 'tee')).toBe(274)
  })

  it('records a stream the caller breaks out of once, as cancelled', async () => {
    const stream = await client.messages.create({ ...params('brk'), stream: true }, { headers })
    for await (const _ of stream) break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('records an aborted messages.stream() once as cancelled', async () => {
    const stream = client.messages.stream(params(), { headers: { ...headers, 'x-sim-chunks': '6' } })
    stream.on('text', () => stream.abort())
    await stream.done().catch(() => {})
    expect(await h.value('llmeter.llm.requests', { ...base(), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })
})

describe('anthropic retries and errors', () => {
  it('counts a 429 with retry-after that the SDK retries, while the call itself succeeds', async () => {
    await client.messages.create(params(), {
      headers: {
        ...headers,
        'x-sim-fault': '429',
        'x-sim-fault-attempts': '1',
        'x-sim-retry-after': '0.001',
      },
    })
    expect(await h.value('llmeter.llm.rate_limits', attempt())).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'rate_limit' })).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.requests', base())).toBe(1)
  })

  it('counts a 529 attempt as a retry by server_error and the final success', async () => {
    await client.messages.create(params(), {
      headers: { ...headers, 'x-sim-fault': '529', 'x-sim-fault-attempts': '1' },
    })
    expect(
      await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'server_error' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base())).toBe(1)
  })

  it.each([
    ['429', 'rate_limit'],
    ['401', 'auth'],
    ['400', 'invalid_request'],
    ['context_length', 'context_length'],
    ['500', 'server_error'],
    ['529', 'server_error'],
    ['timeout', 'timeout'],
  ] as const)('maps fault %s to error.type=%s and rejects exactly as the bare SDK', async (fault, type) => {
    const options = { headers: { 'x-sim-fault': fault }, maxRetries: 0, timeout: 200 }
    const run = (c: Anthropic) =>
      c.messages.create(params('err'), options).then(
        () => undefined,
        (e: unknown) => e as Error & { status?: number },
      )
    const ours = await run(client)
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours).toBeInstanceOf(Anthropic.AnthropicError)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.status).toBe(bare?.status)
    const withoutIds = (m: string | undefined) => m?.replace(/"req_[^"]*"/g, '"req"')
    expect(withoutIds(ours?.message)).toBe(withoutIds(bare?.message))
    expect(await h.value('llmeter.llm.requests', { ...base('err'), 'error.type': type })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('err'))).toBe(0)
  })

  it('changes nothing for the host when every instrument throws', async () => {
    for (const instrument of Object.values(h.recorder.instruments) as unknown as Record<string, unknown>[]) {
      for (const method of ['add', 'record']) {
        if (typeof instrument[method] === 'function')
          instrument[method] = () => {
            throw new Error('recorder broke')
          }
      }
    }
    const msg = await client.messages.create(params(), { headers })
    expect(msg.usage.output_tokens).toBe(20)
    const final = await client.messages.stream(params(), { headers }).finalMessage()
    expect(final.usage.output_tokens).toBe(20)
  })
})

describe('explicit instrument(client)', () => {
  it('instruments an Anthropic client when nothing was patched at load, and only once', async () => {
    unpatchAnthropicExports(anthropicModule)
    try {
      const explicit = instrument(instrument(newClient()))
      await explicit.messages.create(params('explicit'), { headers })
      await newClient().messages.create(params('explicit'), { headers })
      expect(await h.value('llmeter.llm.requests', base('explicit'))).toBe(1)
    } finally {
      patchAnthropicExports(anthropicModule, defaultRecorder)
    }
  })

  it('AnthropicInstrumentation can be created, enabled and disabled without throwing', () => {
    const instrumentation = new AnthropicInstrumentation()
    expect(instrumentation.instrumentationName).toBe('llmeter-anthropic')
    instrumentation.enable()
    instrumentation.disable()
  })
})
