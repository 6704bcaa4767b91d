import OpenAI, * as openaiModule from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: OpenAI
let port: number

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const messages = [{ role: 'user' as const, content: 'hello' }]
const base = (model: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
})
const full = (model: string, responseModel = model) => ({
  ...base(model),
  'gen_ai.response.model': responseModel,
  'server.address': '127.0.0.1',
  'server.port': port,
})
const attempt = (model: string) => ({
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const newClient = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })

/** Runs `fn` with llmeter's patch removed: the reference behaviour of the bare SDK. */
async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchOpenAIExports(openaiModule)
  try {
    return await fn()
  } finally {
    patchOpenAIExports(openaiModule, defaultRecorder)
  }
}

async function collectChunks(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const chunks: unknown[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}

/** Yields to the event loop (no timers) until `done()` holds, at most 50 turns. */
async function eventLoopTurns(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50 && !(await done()); i++) await new Promise((r) => setImmediate(r))
}

/** A chunk without its per-response fields (id, created), for comparing two responses. */
const shape = (chunks: unknown[]) =>
  chunks.map((c) => {
    const { id: _id, created: _created, ...rest } = c as Record<string, unknown>
    return rest
  })

beforeAll(async () => {
  provider = await startSimulatedProvider()
  port = provider.port
  patchOpenAIExports(openaiModule, defaultRecorder)
})
afterAll(async () => {
  unpatchOpenAIExports(openaiModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = newClient()
})
afterEach(async () => {
  await h.close()
})

describe('openai chat.completions.create, plain', () => {
  it('records exact tokens, one duration sample and both models; the host gets the parsed object itself', async () => {
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
    expect(await tokens('cache_write')).toBeUndefined()
    expect((await h.histogram('gen_ai.client.operation.duration', full('gpt-4o-mini')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('gpt-4o-mini'))).toBe(0)
  })

  it('records the response model the server names apart from the requested one', async () => {
    await client.chat.completions.create(
      { model: 'gpt-4o', messages },
      { headers: { ...headers, 'x-sim-response-model': 'gpt-4o-2024-08-06' } },
    )
    const point = await h.histogram('gen_ai.client.operation.duration', full('gpt-4o', 'gpt-4o-2024-08-06'))
    expect(point?.count).toBe(1)
  })

  it('resolves to the same content as the bare SDK', async () => {
    const body = { model: 'same', messages }
    const ours = await client.chat.completions.create(body, { headers })
    const bare = await withoutLlmeter(() => newClient().chat.completions.create(body, { headers }))
    expect(shape([ours])).toEqual(shape([bare]))
  })

  it('records a call whose raw response the host takes with asResponse(), tokens read from a copy', async () => {
    const response = await client.chat.completions
      .create({ model: 'raw', messages }, { headers })
      .asResponse()
    const json = (await response.json()) as { usage: { prompt_tokens: number } }
    expect(json.usage.prompt_tokens).toBe(130)
    // llmeter reads its copy of the body alongside the host: let the event loop finish that read.
    await eventLoopTurns(() => h.value('llmeter.llm.requests', base('raw')).then((n) => n === 1))
    expect(await h.value('llmeter.llm.requests', base('raw'))).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...base('raw'), 'gen_ai.token.type': 'output' })).toBe(20)
    expect(await h.value('llmeter.llm.active_requests', base('raw'))).toBe(0)
  })

  it('records a request the caller aborts through its signal as cancelled, and rejects as the bare SDK does', async () => {
    const abortWhilePending = async (c: OpenAI) => {
      const controller = new AbortController()
      const pending = c.chat.completions
        .create(
          { model: 'abort', messages },
          { headers: { 'x-sim-fault': 'timeout' }, signal: controller.signal },
        )
        .catch((e: unknown) => e)
      controller.abort()
      return pending
    }
    const ours = await abortWhilePending(client)
    const bare = await withoutLlmeter(() => abortWhilePending(newClient()))
    expect(ours).toBeInstanceOf(OpenAI.APIUserAbortError)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(await h.value('llmeter.llm.requests', { ...base('abort'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('abort'))).toBe(0)
  })
})

describe('openai chat.completions.create, streams', () => {
  it('obtains usage for a stream the caller did not ask usage for, without changing the chunks it sees', async () => {
    const body = { model: 'gpt-4o-mini', messages, stream: true as const }
    const seen = await collectChunks(await client.chat.completions.create(body, { headers }))
    const expected = await withoutLlmeter(async () =>
      collectChunks(await newClient().chat.completions.create(body, { headers })),
    )
    expect(shape(seen)).toEqual(shape(expected))
    expect(seen.some((c) => 'usage' in (c as object))).toBe(false)
    const tokens = (type: string) =>
      h.value('llmeter.llm.tokens', { ...base('gpt-4o-mini'), 'gen_ai.token.type': type })
    expect(await tokens('input')).toBe(130)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(5)
    expect((await h.histogram('gen_ai.client.operation.duration', full('gpt-4o-mini')))?.count).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('gpt-4o-mini')))?.count,
    ).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('gpt-4o-mini')))?.count,
    ).toBe(1)
  })

  it('keeps the chunks of a stream that asked for usage itself, usage chunk included', async () => {
    const body = {
      model: 'own-usage',
      messages,
      stream: true as const,
      stream_options: { include_usage: true },
    }
    const seen = await collectChunks(await client.chat.completions.create(body, { headers }))
    const expected = await withoutLlmeter(async () =>
      collectChunks(await newClient().chat.completions.create(body, { headers })),
    )
    expect(shape(seen)).toEqual(shape(expected))
    expect(await h.value('llmeter.llm.tokens', { ...base('own-usage'), 'gen_ai.token.type': 'output' })).toBe(
      20,
    )
  })

  it('records a stream the caller breaks out of once, as cancelled, and active requests return to 0', async () => {
    const stream = await client.chat.completions.create({ model: 'brk', messages, stream: true }, { headers })
    for await (const _ of stream) break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('records a stream aborted through its controller as cancelled', async () => {
    const stream = await client.chat.completions.create({ model: 'ab', messages, stream: true }, { headers })
    for await (const _ of stream) stream.controller.abort()
    expect(await h.value('llmeter.llm.requests', { ...base('ab'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('ab'))).toBe(0)
  })

  it('records a stream aborted through the caller signal as cancelled', async () => {
    const controller = new AbortController()
    const stream = await client.chat.completions.create(
      { model: 'sig', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '6' }, signal: controller.signal },
    )
    let seen = 0
    await (async () => {
      for await (const _ of stream) {
        seen++
        controller.abort()
      }
    })().catch(() => {})
    expect(seen).toBeLessThan(6)
    expect(await h.value('llmeter.llm.requests', { ...base('sig'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('sig'))).toBe(0)
  })

  it('records a stream cut by the server mid-way as a network failure, with the same error as the bare SDK', async () => {
    const cut = { headers: { ...headers, 'x-sim-fault': 'cut_stream' }, maxRetries: 0 }
    const read = async (c: OpenAI) =>
      collectChunks(await c.chat.completions.create({ model: 'cut', messages, stream: true }, cut)).catch(
        (e: unknown) => e,
      )
    const ours = await read(client)
    const bare = await withoutLlmeter(() => read(newClient()))
    expect(ours).toBeInstanceOf(Error)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect((ours as Error).message).toBe((bare as Error).message)
    expect(await h.value('llmeter.llm.requests', { ...base('cut'), 'error.type': 'network' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })

  it('keeps tee() and toReadableStream() working and counts each call once', async () => {
    const stream = await client.chat.completions.create(
      { model: 'm', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '3' } },
    )
    const [a, b] = stream.tee()
    const [left, right] = await Promise.all([collectChunks(a), collectChunks(b)])
    expect(left).toEqual(right)
    expect(left.length).toBeGreaterThan(3)
    const readable = (
      await client.chat.completions.create({ model: 'm', messages, stream: true }, { headers })
    ).toReadableStream()
    const text = await new Response(readable).text()
    expect(text).toContain('chat.completion.chunk')
    expect(text).not.toContain('"usage"')
    expect(await h.value('llmeter.llm.requests', base('m'))).toBe(2)
    expect(await h.value('llmeter.llm.tokens', { ...base('m'), 'gen_ai.token.type': 'input' })).toBe(260)
  })

  it('keeps withResponse() working on a stream', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'wr', messages, stream: true }, { headers })
      .withResponse()
    expect(response.status).toBe(200)
    expect((await collectChunks(data)).length).toBeGreaterThan(3)
    expect(await h.value('llmeter.llm.requests', base('wr'))).toBe(1)
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
})

describe('openai retries and errors', () => {
  it('counts a 429 with retry-after that the SDK retries, while the call itself succeeds', async () => {
    const res = await client.chat.completions.create(
      { model: 'gpt-4o', messages },
      {
        headers: {
          ...headers,
          'x-sim-fault': '429',
          'x-sim-fault-attempts': '1',
          'x-sim-retry-after': '0.001',
        },
      },
    )
    expect(res.choices).toHaveLength(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('gpt-4o'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('gpt-4o'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('gpt-4o'))).toBe(1)
    expect(
      await h.value('llmeter.llm.requests', { ...base('gpt-4o'), 'error.type': 'rate_limit' }),
    ).toBeUndefined()
  })

  it('counts an attempt that timed out and was retried, while the call itself succeeds', async () => {
    await client.chat.completions.create(
      { model: 'slow', messages },
      { headers: { ...headers, 'x-sim-fault': 'timeout', 'x-sim-fault-attempts': '1' }, timeout: 200 },
    )
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('slow'), 'llmeter.retry.reason': 'timeout' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('slow'))).toBe(1)
  })

  it.each([
    ['401', 'auth'],
    ['400', 'invalid_request'],
    ['context_length', 'context_length'],
    ['content_filter', 'content_filter'],
    ['500', 'server_error'],
    ['timeout', 'timeout'],
  ] as const)('maps fault %s to error.type=%s and rejects exactly as the bare SDK', async (fault, type) => {
    const options = { headers: { 'x-sim-fault': fault }, maxRetries: 0, timeout: 200 }
    const run = (c: OpenAI) =>
      c.chat.completions.create({ model: 'err', messages }, options).then(
        () => undefined,
        (e: unknown) => e as Error & { status?: number },
      )
    const ours = await run(client)
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours).toBeInstanceOf(OpenAI.OpenAIError)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.status).toBe(bare?.status)
    expect(ours?.message).toBe(bare?.message)
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
    const res = await client.chat.completions.create({ model: 'm', messages }, { headers })
    expect(res.choices[0]?.message.content).toMatch(/simulated/)
    const body = { model: 'm', messages, stream: true as const }
    const seen = await collectChunks(await client.chat.completions.create(body, { headers }))
    const expected = await withoutLlmeter(async () =>
      collectChunks(await newClient().chat.completions.create(body, { headers })),
    )
    expect(shape(seen)).toEqual(shape(expected))
    const retried = await client.chat.completions.create(
      { model: 'm', messages },
      { headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
    )
    expect(retried.choices).toHaveLength(1)
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

describe('the stream flag', () => {
  it('tells plain and streamed calls apart on the request counter and the duration, and nowhere else', async () => {
    await client.chat.completions.create({ model: 'flag', messages }, { headers })
    await collectChunks(
      await client.chat.completions.create({ model: 'flag', messages, stream: true }, { headers }),
    )
    await collectChunks(
      await client.chat.completions.create({ model: 'flag', messages, stream: true }, { headers }),
    )
    const flag = (stream: boolean) => ({ 'llmeter.request.stream': stream })
    expect(await h.value('llmeter.llm.requests', { ...base('flag'), ...flag(false) })).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base('flag'), ...flag(true) })).toBe(2)
    expect(
      (await h.histogram('gen_ai.client.operation.duration', { ...full('flag'), ...flag(false) }))?.count,
    ).toBe(1)
    expect(
      (await h.histogram('gen_ai.client.operation.duration', { ...full('flag'), ...flag(true) }))?.count,
    ).toBe(2)
    // Tokens, cost and time to first chunk keep one series per call shape.
    const tokens = await h.metric('llmeter.llm.tokens')
    const keys = new Set(tokens?.dataPoints.flatMap((p) => Object.keys(p.attributes)))
    expect(keys.has('llmeter.request.stream')).toBe(false)
    const ttft = await h.metric('gen_ai.client.operation.time_to_first_chunk')
    expect(ttft?.dataPoints.some((p) => 'llmeter.request.stream' in p.attributes)).toBe(false)
  })

  it('is left off embeddings, which have no streamed form', async () => {
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }, { headers })
    const requests = await h.metric('llmeter.llm.requests')
    const point = requests?.dataPoints.find((p) => p.attributes['gen_ai.operation.name'] === 'embeddings')
    expect(point?.value).toBe(1)
    expect(point && 'llmeter.request.stream' in point.attributes).toBe(false)
  })
})
