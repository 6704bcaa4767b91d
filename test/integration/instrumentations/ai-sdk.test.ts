import { createOpenAI } from '@ai-sdk/openai'
import { embed, generateText, streamText, wrapEmbeddingModel, wrapLanguageModel } from 'ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { llmeterEmbeddingMiddleware, llmeterMiddleware } from '../../../src/instrumentations/ai/middleware.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const base = (model: string, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
})

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

const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, headers })

describe('Vercel AI SDK middleware', () => {
  it('measures generateText through the Responses API with exact tokens', async () => {
    const model = wrapLanguageModel({ model: openai()('gpt-4.1'), middleware: llmeterMiddleware() })
    const result = await generateText({ model, prompt: 'hi' })
    expect(result.text).toMatch(/simulated/)
    const tokens = (type: string) =>
      h.value('llmeter.llm.tokens', { ...base('gpt-4.1'), 'gen_ai.token.type': type })
    expect(await tokens('input')).toBe(130)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(5)
    expect(await h.value('llmeter.llm.requests', base('gpt-4.1'))).toBe(1)
  })

  it('measures streamText over chat completions: first chunk, chunks and usage', async () => {
    const model = wrapLanguageModel({ model: openai().chat('gpt-4o-mini'), middleware: llmeterMiddleware() })
    const result = streamText({ model, prompt: 'hi' })
    let text = ''
    for await (const delta of result.textStream) text += delta
    expect(text).toMatch(/simulated/)
    expect(
      await h.value('llmeter.llm.tokens', { ...base('gpt-4o-mini'), 'gen_ai.token.type': 'output' }),
    ).toBe(20)
    const attrs = { ...base('gpt-4o-mini'), 'gen_ai.response.model': 'gpt-4o-mini' }
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', attrs))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('gpt-4o-mini'))).toBe(0)
  })

  it('measures embed', async () => {
    const model = wrapEmbeddingModel({
      model: openai().embedding('text-embedding-3-small'),
      middleware: llmeterEmbeddingMiddleware(),
    })
    const { embedding } = await embed({ model, value: 'hello' })
    expect(embedding.length).toBeGreaterThan(0)
    expect(
      await h.value('llmeter.llm.tokens', {
        ...base('text-embedding-3-small', 'embeddings'),
        'gen_ai.token.type': 'input',
      }),
    ).toBe(100)
  })

  it('records failures with their type and rethrows the SDK error', async () => {
    const failing = createOpenAI({
      apiKey: 'k',
      baseURL: `${provider.url}/v1`,
      headers: { 'x-sim-fault': '401' },
    })
    const model = wrapLanguageModel({ model: failing.chat('m'), middleware: llmeterMiddleware() })
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e)
    expect((error as { statusCode?: number }).statusCode).toBe(401)
    expect(await h.value('llmeter.llm.requests', { ...base('m'), 'error.type': 'auth' })).toBe(1)
  })

  it('counts once when the same model is wrapped twice', async () => {
    const inner = wrapLanguageModel({ model: openai().chat('twice'), middleware: llmeterMiddleware() })
    const outer = wrapLanguageModel({ model: inner, middleware: llmeterMiddleware() })
    await generateText({ model: outer, prompt: 'hi' })
    expect(await h.value('llmeter.llm.requests', base('twice'))).toBe(1)
  })
})
