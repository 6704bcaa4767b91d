import * as openaiModule from 'openai'
import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: OpenAI
let plain: OpenAI
let port: number

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const messages = [{ role: 'user' as const, content: 'hello' }]
const base = (model: string, provider_ = 'openai') => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': provider_,
  'gen_ai.request.model': model,
})
const full = (model: string, extra: Record<string, unknown> = {}) => ({
  ...base(model),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': port,
  ...extra,
})

beforeAll(async () => {
  provider = await startSimulatedProvider()
  port = provider.port
  patchOpenAIExports(openaiModule)
})
afterAll(async () => {
  unpatchOpenAIExports(openaiModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })
})
afterEach(async () => {
  await h.close()
})

describe('openai chat completions', () => {
  it('records exact tokens, one duration sample, and both models; the host gets the parsed object itself', async () => {
    const promise = client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers })
    const res = await promise
    const { data } = await promise.withResponse()
    expect(data).toBe(res)
    expect(res.usage?.prompt_tokens).toBe(130)
    const tokens = (type: string) =>
      h.value('llmeter.llm.tokens', { ...base('gpt-4o-mini'), 'gen_ai.token.type': type })
    expect(await tokens('input')).toBe(130)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(5)
    expect((await h.histogram('gen_ai.client.operation.duration', full('gpt-4o-mini')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('gpt-4o-mini'))).toBe(0)
  })

  it('obtains usage for a stream the caller did not ask usage for, without changing the chunks it sees', async () => {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers },
    )
    const seen: Record<string, unknown>[] = []
    for await (const chunk of stream) seen.push(chunk as unknown as Record<string, unknown>)
    const reference = await plain.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers },
    )
    const expected: Record<string, unknown>[] = []
    for await (const chunk of reference) expected.push(chunk as unknown as Record<string, unknown>)
    const shape = (chunks: Record<string, unknown>[]) =>
      chunks.map((c) => [Object.keys(c).sort().join(), JSON.stringify(c.choices)])
    expect(shape(seen)).toEqual(shape(expected))
    expect(seen.some((c) => 'usage' in c)).toBe(false)
    expect(
      await h.value('llmeter.llm.tokens', { ...base('gpt-4o-mini'), 'gen_ai.token.type': 'input' }),
    ).toBe(130)
    expect(
      (await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('gpt-4o-mini')))?.count,
    ).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('gpt-4o-mini')))?.count,
    ).toBe(1)
  })

  it('keeps the chunks of a stream that asked for usage itself, usage chunk included', async () => {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } },
      { headers },
    )
    let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined
    for await (const chunk of stream) last = chunk
    expect(last?.usage?.completion_tokens).toBe(20)
    expect(
      await h.value('llmeter.llm.tokens', { ...base('gpt-4o-mini'), 'gen_ai.token.type': 'output' }),
    ).toBe(20)
  })

  it('records a stream the caller breaks out of once, as cancelled, and active requests return to 0', async () => {
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers },
    )
    for await (const _ of stream) break
    expect(await h.value('llmeter.llm.requests', { ...base('gpt-4o-mini'), 'error.type': 'cancelled' })).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.requests', base('gpt-4o-mini'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('gpt-4o-mini'))).toBe(0)
  })

  it('records a stream aborted through its controller as cancelled', async () => {
    const stream = await client.chat.completions.create({ model: 'ab', messages, stream: true }, { headers })
    for await (const _ of stream) stream.controller.abort()
    expect(await h.value('llmeter.llm.requests', { ...base('ab'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('ab'))).toBe(0)
  })

  it('keeps tee() and toReadableStream() working and counts the call once', async () => {
    const stream = await client.chat.completions.create(
      { model: 'm', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '3' } },
    )
    const [a, b] = stream.tee()
    const count = async (s: AsyncIterable<unknown>) => {
      let n = 0
      for await (const _ of s) n++
      return n
    }
    expect(await count(a)).toBe(await count(b))
    const readable = (
      await client.chat.completions.create({ model: 'm', messages, stream: true }, { headers })
    ).toReadableStream()
    const text = await new Response(readable).text()
    expect(text).toContain('chat.completion.chunk')
    expect(await h.value('llmeter.llm.requests', base('m'))).toBe(2)
  })

  it('records calls made through the SDK helpers: chat.completions.stream() and parse()', async () => {
    const runner = client.chat.completions.stream({ model: 'helper', messages }, { headers })
    let text = ''
    runner.on('content', (delta) => {
      text += delta
    })
    await runner.finalChatCompletion()
    expect(text).toMatch(/simulated/)
    const parsed = await client.chat.completions.parse({ model: 'helper', messages }, { headers })
    expect(parsed.choices[0]?.message.content).toMatch(/simulated/)
    expect(await h.value('llmeter.llm.requests', base('helper'))).toBe(2)
    expect(await h.value('llmeter.llm.tokens', { ...base('helper'), 'gen_ai.token.type': 'output' })).toBe(40)
  })

  it('counts each 429 attempt the SDK retries, while the call itself succeeds', async () => {
    const res = await client.chat.completions.create(
      { model: 'gpt-4o', messages },
      { headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
    )
    expect(res.choices).toHaveLength(1)
    const attempt = {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'server.address': '127.0.0.1',
    }
    expect(await h.value('llmeter.llm.rate_limits', attempt)).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt, 'llmeter.retry.reason': 'rate_limit' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('gpt-4o'))).toBe(1)
  })

  it.each([
    ['401', 'auth', OpenAI.AuthenticationError],
    ['context_length', 'context_length', OpenAI.BadRequestError],
    ['500', 'server_error', OpenAI.InternalServerError],
    ['timeout', 'timeout', OpenAI.APIConnectionTimeoutError],
  ] as const)(
    'maps fault %s to error.type=%s and rejects with the SDK error',
    async (fault, type, ErrorClass) => {
      const error = await client.chat.completions
        .create({ model: 'm', messages }, { headers: { 'x-sim-fault': fault }, maxRetries: 0, timeout: 300 })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ErrorClass)
      expect(await h.value('llmeter.llm.requests', { ...base('m'), 'error.type': type })).toBe(1)
    },
  )

  it('changes nothing for the host when recording throws', async () => {
    h.recorder.instruments.operationDuration.record = () => {
      throw new Error('recorder broke')
    }
    const res = await client.chat.completions.create({ model: 'm', messages }, { headers })
    expect(res.choices[0]?.message.content).toMatch(/simulated/)
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true }, { headers })
    let n = 0
    for await (const _ of stream) n++
    expect(n).toBeGreaterThan(3)
  })

  it('refuses a call an enforced budget blocks, without sending it', async () => {
    await h.close()
    h = createHarness({
      budgets: {
        exhausted: () => [{ name: 'monthly', enforced: true, limitUsd: 1, spendUsd: 1.5 }],
        add: () => {},
      },
    })
    const before = provider.stats.attempts.length
    const error = await client.chat.completions.create({ model: 'm', messages }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BudgetExceededError)
    expect(provider.stats.attempts.length).toBe(before)
    expect(await h.value('llmeter.llm.requests', { ...base('m'), 'error.type': 'budget_exceeded' })).toBe(1)
  })
})

describe('openai responses, embeddings, Azure and explicit instrumentation', () => {
  it('records the Responses API, plain and streamed', async () => {
    await client.responses.create({ model: 'gpt-4.1', input: 'hi' }, { headers })
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true }, { headers })
    for await (const _ of stream) {
    }
    expect(await h.value('llmeter.llm.tokens', { ...base('gpt-4.1'), 'gen_ai.token.type': 'input' })).toBe(
      260,
    )
    expect(await h.value('llmeter.llm.requests', base('gpt-4.1'))).toBe(2)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('gpt-4.1')))?.count).toBe(1)
  })

  it('records embeddings as operation embeddings', async () => {
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a'] }, { headers })
    const attrs = {
      ...base('text-embedding-3-small'),
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.token.type': 'input',
    }
    expect(await h.value('llmeter.llm.tokens', attrs)).toBe(100)
  })

  it('names Azure OpenAI as azure.ai.openai', async () => {
    const azure = new AzureOpenAI({
      apiKey: 'k',
      endpoint: provider.url,
      apiVersion: '2024-10-21',
      deployment: 'prod-chat',
    })
    await azure.chat.completions.create({ model: 'gpt-4o', messages }, { headers })
    expect(await h.value('llmeter.llm.requests', base('gpt-4o', 'azure.ai.openai'))).toBe(1)
  })

  it('does not count twice when a client is instrumented explicitly on top of the automatic patch', async () => {
    const explicit = instrument(new OpenAI({ apiKey: 'k', baseURL: `${provider.url}/v1` }))
    expect(instrument(explicit)).toBe(explicit)
    await explicit.chat.completions.create({ model: 'once', messages }, { headers })
    expect(await h.value('llmeter.llm.requests', base('once'))).toBe(1)
  })
})

beforeAll(() => {
  // An uninstrumented reference client: a fresh class whose prototype llmeter never patched is not
  // available, so the reference is made with llmeter's patch removed for its calls.
  plain = new Proxy(
    {},
    {
      get: (_t, prop) => {
        if (prop !== 'chat') return undefined
        return {
          completions: {
            create: async (...args: unknown[]) => {
              unpatchOpenAIExports(openaiModule)
              try {
                const c = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1` })
                return await c.chat.completions.create(...(args as [never, never]))
              } finally {
                patchOpenAIExports(openaiModule)
              }
            },
          },
        }
      },
    },
  ) as unknown as OpenAI
})
