import { createAnthropic } from '@ai-sdk/anthropic'
import { createOpenAI } from '@ai-sdk/openai'
import { embed, generateText, streamText, wrapEmbeddingModel, wrapLanguageModel } from 'ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { llmeterEmbeddingMiddleware, llmeterMiddleware } from '../../../src/instrumentations/ai/middleware.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }

beforeAll(async () => {
  provider = await startSimulatedProvider()
})
afterAll(async () => {
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

const server = () => ({ 'server.address': '127.0.0.1', 'server.port': provider.port })
const call = (
  model: string,
  extra: Record<string, unknown> = {},
  providerName = 'openai',
  operation = 'chat',
) => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': providerName,
  'gen_ai.request.model': model,
  ...extra,
})
const counters = (model: string, providerName = 'openai', operation = 'chat') =>
  call(model, {}, providerName, operation)

function openai(headers: Record<string, string> = {}, fetchImpl?: typeof fetch) {
  return createOpenAI({
    apiKey: 'sk-test',
    baseURL: `${provider.url}/v1`,
    headers: { 'x-sim-usage': JSON.stringify(usage), ...headers },
    fetch: fetchImpl,
  })
}
const metered = <M>(model: M) => wrapLanguageModel({ model: model as any, middleware: llmeterMiddleware() })

/** A fetch that tells the simulated provider which attempt this is, as the openai SDK does. */
function countingFetch(): typeof fetch {
  let attempt = 0
  return (url, init) => {
    const headers = new Headers(init?.headers)
    headers.set('x-stainless-retry-count', String(attempt++))
    return fetch(url, { ...init, headers })
  }
}

describe('Vercel AI SDK middleware: generateText', () => {
  it('records exact tokens, one duration sample and the endpoint through the Responses API', async () => {
    const result = await generateText({ model: metered(openai()('gpt-4.1')), prompt: 'hi' })
    const plain = await generateText({ model: openai()('gpt-4.1'), prompt: 'hi' })
    expect(result.text).toBe(plain.text)
    expect(result.usage).toEqual(plain.usage)
    const tokens = (type: string) =>
      h.value('llmeter.llm.tokens', { ...counters('gpt-4.1'), 'gen_ai.token.type': type })
    expect(await tokens('input')).toBe(130)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(5)
    expect(await h.value('llmeter.llm.requests', counters('gpt-4.1'))).toBe(1)
    const duration = await h.histogram(
      'gen_ai.client.operation.duration',
      call('gpt-4.1', { 'gen_ai.response.model': 'gpt-4.1', ...server() }),
    )
    expect(duration?.count).toBe(1)
    expect(await h.metric('gen_ai.client.operation.time_to_first_chunk')).toBeUndefined()
  })

  it('adds Anthropic cache reads and writes to the input tokens', async () => {
    const anthropic = createAnthropic({
      apiKey: 'sk-ant',
      baseURL: `${provider.url}/v1`,
      headers: { 'x-sim-usage': JSON.stringify({ input: 50, output: 7, cacheRead: 200, cacheWrite: 40 }) },
    })
    await generateText({ model: metered(anthropic('claude-sonnet-4-6')), prompt: 'hi' })
    const tokens = (type: string) =>
      h.value('llmeter.llm.tokens', {
        ...counters('claude-sonnet-4-6', 'anthropic'),
        'gen_ai.token.type': type,
      })
    expect(await tokens('input')).toBe(290)
    expect(await tokens('output')).toBe(7)
    expect(await tokens('cache_read')).toBe(200)
    expect(await tokens('cache_write')).toBe(40)
  })

  it('records a failure with its type and rejects with the very error the SDK throws', async () => {
    const failing = openai({ 'x-sim-fault': '401' })
    const error = await generateText({
      model: metered(failing.chat('m')),
      prompt: 'hi',
      maxRetries: 0,
    }).catch((e) => e)
    const plain = await generateText({ model: failing.chat('m'), prompt: 'hi', maxRetries: 0 }).catch(
      (e) => e,
    )
    expect(error.constructor).toBe(plain.constructor)
    expect(error.statusCode).toBe(401)
    expect(error.message).toBe(plain.message)
    expect(await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'auth' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', counters('m'))).toBe(0)
  })

  it('counts a 429 the SDK retried as a rate limit and a retry, and the successful attempt with its tokens', async () => {
    const model = metered(
      openai({ 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' }, countingFetch()).chat('m'),
    )
    const result = await generateText({ model, prompt: 'hi' })
    expect(result.text).toMatch(/simulated/)
    expect(
      await h.value('llmeter.llm.rate_limits', {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'm',
        'server.address': '127.0.0.1',
      }),
    ).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'm',
        'server.address': '127.0.0.1',
        'llmeter.retry.reason': 'rate_limit',
      }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'rate_limit' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', counters('m'))).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...counters('m'), 'gen_ai.token.type': 'output' })).toBe(20)
  })

  it('counts a call once when the same model is wrapped twice', async () => {
    await generateText({ model: metered(metered(openai().chat('twice'))), prompt: 'hi' })
    expect(await h.value('llmeter.llm.requests', counters('twice'))).toBe(1)
  })
})

describe('Vercel AI SDK middleware: streamText', () => {
  it('records time to first chunk, time per chunk, usage and one duration sample', async () => {
    const result = streamText({
      model: metered(openai({ 'x-sim-chunks': '6' }).chat('gpt-4o-mini')),
      prompt: 'hi',
    })
    let text = ''
    for await (const delta of result.textStream) text += delta
    let plain = ''
    for await (const delta of streamText({ model: openai().chat('gpt-4o-mini'), prompt: 'hi' }).textStream)
      plain += delta
    expect(text).toBe(plain)
    const attrs = call('gpt-4o-mini', { 'gen_ai.response.model': 'gpt-4o-mini', ...server() })
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', attrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', attrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', attrs))?.count).toBe(1)
    expect(
      await h.value('llmeter.llm.tokens', { ...counters('gpt-4o-mini'), 'gen_ai.token.type': 'output' }),
    ).toBe(20)
    expect(await h.value('llmeter.llm.active_requests', counters('gpt-4o-mini'))).toBe(0)
  })

  it('records a stream cut mid-way as a network error, and the host sees the same error', async () => {
    const collect = async (model: any) => {
      const errors: unknown[] = []
      const result = streamText({
        model,
        prompt: 'hi',
        maxRetries: 0,
        onError: ({ error }) => void errors.push(error),
      })
      let text = ''
      try {
        for await (const delta of result.textStream) text += delta
      } catch (error) {
        errors.push(error)
      }
      return { text, errors }
    }
    const cut = openai({ 'x-sim-fault': 'cut_stream' })
    const seen = await collect(metered(cut.chat('m')))
    const plain = await collect(cut.chat('m'))
    expect(seen.text).toBe(plain.text)
    expect(seen.errors.length).toBeGreaterThan(0)
    expect(seen.errors.map((e: any) => [e.constructor, e.message])).toEqual(
      plain.errors.map((e: any) => [e.constructor, e.message]),
    )
    expect(await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'network' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', counters('m'))).toBe(0)
  })

  it('records a stream the caller aborts as cancelled, once', async () => {
    const controller = new AbortController()
    const result = streamText({
      model: metered(openai({ 'x-sim-chunks': '20' }).chat('m')),
      prompt: 'hi',
      abortSignal: controller.signal,
      onError: () => {},
    })
    for await (const _ of result.textStream) controller.abort()
    expect(await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', counters('m'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', counters('m'))).toBe(0)
  })

  it('records a model stream its consumer cancels as cancelled, once', async () => {
    const model = metered(openai({ 'x-sim-chunks': '20' }).chat('m'))
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    })
    const reader = stream.getReader()
    let part = await reader.read()
    while (!part.done && part.value.type !== 'text-delta') part = await reader.read()
    await reader.cancel()
    expect(await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', counters('m'))).toBe(0)
    const ttfc = await h.histogram('gen_ai.client.operation.time_to_first_chunk', call('m', server()))
    expect(ttfc?.count).toBe(1)
  })

  it('ends a stream the caller breaks out of once, when the AI SDK has read the model stream', async () => {
    const result = streamText({ model: metered(openai({ 'x-sim-chunks': '10' }).chat('m')), prompt: 'hi' })
    for await (const _ of result.textStream) break
    // The AI SDK reads the model's stream to its end for result.usage, result.text, ...
    const reported = await result.usage
    expect(reported.outputTokens).toBe(20)
    const total = (await h.value('llmeter.llm.requests', counters('m'))) ?? 0
    const cancelled =
      (await h.value('llmeter.llm.requests', { ...counters('m'), 'error.type': 'cancelled' })) ?? 0
    expect(total + cancelled).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', counters('m'))).toBe(0)
  })
})

describe('Vercel AI SDK middleware: embed', () => {
  it('records embedding input tokens under the embeddings operation', async () => {
    const model = wrapEmbeddingModel({
      model: openai().embedding('text-embedding-3-small'),
      middleware: llmeterEmbeddingMiddleware(),
    })
    const { embedding } = await embed({ model, value: 'hello' })
    const plain = await embed({ model: openai().embedding('text-embedding-3-small'), value: 'hello' })
    expect(embedding).toEqual(plain.embedding)
    const attrs = counters('text-embedding-3-small', 'openai', 'embeddings')
    expect(await h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': 'input' })).toBe(100)
    expect(await h.value('llmeter.llm.requests', attrs)).toBe(1)
  })
})
