/**
 * `instrument(new GoogleGenAI(...))`: the real `@google/genai` client, in its Gemini API mode,
 * against the Gemini wire-format server (test/support/gemini-server.ts). Retries, errors and
 * timeouts are in google-genai-errors.test.ts.
 */
import { ApiError, GoogleGenAI } from '@google/genai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { type GeminiServer, startGeminiServer } from '../../support/gemini-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

let server: GeminiServer
let h: Harness
let ai: GoogleGenAI

const MODEL = 'gemini-2.5-flash'
const base = (model = MODEL, operation = 'generate_content') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'gcp.gemini',
  'gen_ai.request.model': model,
})
const full = (model = MODEL) => ({
  ...base(model),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': server.port,
})
const tokens = (type: string, model = MODEL) =>
  h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
const requests = (model = MODEL, errorType?: string) =>
  h.value('llmeter.llm.requests', errorType ? { ...base(model), 'error.type': errorType } : base(model))
const active = (model = MODEL) => h.value('llmeter.llm.active_requests', base(model))
const config = (headers: Record<string, string> = {}) => ({ httpOptions: { headers } })
const newClient = (retries = false) =>
  new GoogleGenAI({
    apiKey: 'test-key',
    httpOptions: {
      baseUrl: server.url,
      ...(retries ? { retryOptions: { attempts: 3, initialDelay: 0.001, maxDelay: 0.001, jitter: 0 } } : {}),
    },
  })

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}

beforeAll(async () => {
  server = await startGeminiServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  h = createHarness()
  ai = instrument(newClient())
})
afterEach(async () => {
  await h.close()
})

describe('generateContent', () => {
  it('records exact tokens: thoughts and tool-use prompt included, cached tokens as cache_read', async () => {
    const res = await ai.models.generateContent({ model: MODEL, contents: 'hi' })
    expect(res.text).toBe('Hello there.')
    expect(server.requests.at(-1)?.path).toBe(`/v1/models/${MODEL}:generateContent`)
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(105)
    expect(await tokens('output')).toBe(35)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(15)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
    expect(await active()).toBe(0)
  })

  it('prices gemini-2.5-flash from the bundled catalog, exactly', async () => {
    await ai.models.generateContent({ model: MODEL, contents: 'hi' })
    const cost = (type: string) => h.value('llmeter.llm.cost', { ...base(), 'llmeter.cost.type': type })
    // 0.30 $/M input, 0.03 $/M cached input, 2.50 $/M output (thinking billed as output).
    expect(await cost('input')).toBeCloseTo(75 * 0.3e-6, 15)
    expect(await cost('cache_read')).toBeCloseTo(30 * 0.03e-6, 15)
    expect(await cost('output')).toBeCloseTo(20 * 2.5e-6, 15)
    expect(await cost('reasoning')).toBeCloseTo(15 * 2.5e-6, 15)
  })

  it('records a model given by its resource name under its id', async () => {
    await ai.models.generateContent({ model: `models/${MODEL}`, contents: 'hi' })
    expect(await requests()).toBe(1)
  })
})

describe('generateContentStream', () => {
  it('takes usage from the last event, time to first chunk at the first content, one gap sample', async () => {
    const chunks = await readAll(
      await ai.models.generateContentStream({
        model: MODEL,
        contents: 'hi',
        config: config({ 'x-test-chunks': '4' }),
      }),
    )
    expect(chunks.map((c) => c.text).join('')).toBe('part 0 part 1 part 2 end.')
    expect(chunks.map((c) => c.usageMetadata?.promptTokenCount)).toEqual([
      undefined,
      undefined,
      undefined,
      100,
    ])
    expect(server.requests.at(-1)?.path).toBe(`/v1/models/${MODEL}:streamGenerateContent`)
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(105)
    expect(await tokens('output')).toBe(35)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full()))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
    expect(await active()).toBe(0)
  })

  it('records a stream the caller breaks out of once, as cancelled, with no call left active', async () => {
    const stream = await ai.models.generateContentStream({ model: 'brk', contents: 'hi' })
    for await (const _ of stream) break
    expect(await requests('brk', 'cancelled')).toBe(1)
    expect(await requests('brk')).toBeUndefined()
    expect(await active('brk')).toBe(0)
    expect(
      await h.value('llmeter.llm.tokens', { ...base('brk'), 'gen_ai.token.type': 'input' }),
    ).toBeUndefined()
  })

  it('records an error event inside the stream as a server_error, rethrown unchanged', async () => {
    const stream = await ai.models.generateContentStream({
      model: 'serr',
      contents: 'hi',
      config: config({ 'x-test-fault': 'stream_error' }),
    })
    const seen: string[] = []
    const error = await (async () => {
      for await (const c of stream) seen.push(c.text ?? '')
    })().catch((e: unknown) => e)
    expect(seen).toEqual(['part 0 '])
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(500)
    expect(await requests('serr', 'server_error')).toBe(1)
    expect(await active('serr')).toBe(0)
  })

  it('records a stream cut mid-way as one failed call', async () => {
    const stream = await ai.models.generateContentStream({
      model: 'cut',
      contents: 'hi',
      config: config({ 'x-test-fault': 'cut_stream' }),
    })
    const error = await readAll(stream).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    const failed = (await h.metric('llmeter.llm.requests'))?.dataPoints.filter(
      (p) => p.attributes['gen_ai.request.model'] === 'cut',
    )
    expect(failed?.map((p) => [p.attributes['error.type'], p.value])).toEqual([['network', 1]])
    expect(await active('cut')).toBe(0)
  })
})

describe('embedContent', () => {
  it('records an embeddings call (the Gemini API reports no tokens for it)', async () => {
    const res = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'hello' })
    expect(res.embeddings?.[0]?.values).toEqual([0.1, 0.2, 0.3])
    expect(server.requests.at(-1)?.method).toBe('batchEmbedContents')
    expect(await requests('gemini-embedding-001', undefined)).toBeUndefined()
    const point = await h.value('llmeter.llm.requests', base('gemini-embedding-001', 'embeddings'))
    expect(point).toBe(1)
    expect(
      await h.value('llmeter.llm.tokens', {
        ...base('gemini-embedding-001', 'embeddings'),
        'gen_ai.token.type': 'input',
      }),
    ).toBeUndefined()
  })
})

describe('chats', () => {
  it('records sendMessage through Models.generateContent: one call per message, exact tokens', async () => {
    const chat = ai.chats.create({ model: MODEL })
    const first = await chat.sendMessage({ message: 'hi' })
    await chat.sendMessage({ message: 'again' })
    expect(first.text).toBe('Hello there.')
    expect(chat.getHistory()).toHaveLength(4)
    expect(await requests()).toBe(2)
    expect(await tokens('input')).toBe(210)
    expect(await tokens('output')).toBe(70)
  })

  it('records sendMessageStream, and breaking out of it as cancelled', async () => {
    const chat = ai.chats.create({ model: 'chat-s' })
    const chunks = await readAll(await chat.sendMessageStream({ message: 'hi' }))
    expect(chunks).toHaveLength(3)
    for await (const _ of await chat.sendMessageStream({ message: 'again' })) break
    expect(await requests('chat-s')).toBe(1)
    expect(await requests('chat-s', 'cancelled')).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...base('chat-s'), 'gen_ai.token.type': 'output' })).toBe(35)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('chat-s')))?.count).toBe(1)
    expect(await active('chat-s')).toBe(0)
  })
})

describe('the explicit client', () => {
  it('is instrumented once, whatever instrument() is called again', async () => {
    expect(instrument(ai)).toBe(ai)
    await ai.models.generateContent({ model: MODEL, contents: 'hi' })
    expect(await requests()).toBe(1)
  })
})
