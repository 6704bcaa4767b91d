/**
 * Retries, errors and timeouts of `instrument(new GoogleGenAI(...))` in Gemini API mode, against
 * the Gemini wire-format server (test/support/gemini-server.ts): every attempt counted when
 * `httpOptions.retryOptions` makes the SDK retry, the SDK's `ApiError` unchanged for the host.
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
const attempt = (model = MODEL) => ({
  'gen_ai.provider.name': 'gcp.gemini',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
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

describe('retries and errors', () => {
  it('counts each attempt of a 429 the SDK retries (retryOptions set), while the call succeeds', async () => {
    const client = instrument(newClient(true))
    const headers = { 'x-test-fault': '429', 'x-test-fault-attempts': '2', 'x-test-id': 'retry-429' }
    const res = await client.models.generateContent({ model: MODEL, contents: 'hi', config: config(headers) })
    expect(res.text).toBe('Hello there.')
    expect(server.requests.filter((r) => r.id === 'retry-429')).toHaveLength(3)
    expect(await h.value('llmeter.llm.rate_limits', attempt())).toBe(2)
    expect(await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'rate_limit' })).toBe(
      2,
    )
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(105)
  })

  it('counts a retried 503 by server_error', async () => {
    const client = instrument(newClient(true))
    const headers = { 'x-test-fault': '503', 'x-test-fault-attempts': '1', 'x-test-id': 'retry-503' }
    await client.models.generateContent({ model: MODEL, contents: 'hi', config: config(headers) })
    expect(
      await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'server_error' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt())).toBeUndefined()
    expect(await requests()).toBe(1)
  })

  it.each([
    ['401', 'auth', 401],
    ['429', 'rate_limit', 429],
    ['500', 'server_error', 500],
  ] as const)(
    'without retryOptions, a %s fails once as %s with the SDK error unchanged',
    async (fault, type, status) => {
      const error = await ai.models
        .generateContent({ model: 'err', contents: 'hi', config: config({ 'x-test-fault': fault }) })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).status).toBe(status)
      expect(await requests('err', type)).toBe(1)
      expect(
        await h.value('llmeter.llm.retries', { ...attempt('err'), 'llmeter.retry.reason': type }),
      ).toBeUndefined()
      expect(await active('err')).toBe(0)
    },
  )

  it('records a 429 that outlasts the retries as one rate_limit call with three rate-limited attempts', async () => {
    const client = instrument(newClient(true))
    const error = await client.models
      .generateContent({
        model: 'err3',
        contents: 'hi',
        config: config({ 'x-test-fault': '429', 'x-test-id': 'all-429' }),
      })
      .catch((e: unknown) => e)
    expect((error as ApiError).status).toBe(429)
    expect(server.requests.filter((r) => r.id === 'all-429')).toHaveLength(3)
    expect(await requests('err3', 'rate_limit')).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('err3'))).toBe(3)
  })
})

describe('timeouts and aborts', () => {
  // The stalled stream's head and first event must arrive before the timeout, on a loaded machine too.
  const withTimeout = (timeout = 200) =>
    instrument(new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url, timeout } }))

  it("records the SDK's own timeout as timeout, not as a caller's abort", async () => {
    const error = await withTimeout()
      .models.generateContent({ model: 'slow', contents: 'hi', config: config({ 'x-test-fault': 'hang' }) })
      .catch((e: unknown) => e)
    expect((error as Error).name).toBe('AbortError')
    expect(await requests('slow', 'timeout')).toBe(1)
    expect(await active('slow')).toBe(0)
  })

  it('records a stream that stalls past the timeout, mid-way, as timeout', async () => {
    const stream = await withTimeout(2000).models.generateContentStream({
      model: 'stall',
      contents: 'hi',
      config: config({ 'x-test-fault': 'stall_stream' }),
    })
    const seen: unknown[] = []
    const error = await (async () => {
      for await (const c of stream) seen.push(c)
    })().catch((e: unknown) => e)
    expect(seen).toHaveLength(1)
    expect((error as Error).name).toBe('AbortError')
    expect(await requests('stall', 'timeout')).toBe(1)
    expect(await active('stall')).toBe(0)
  })

  it("records the caller's abort as cancelled, and the host gets the abort", async () => {
    const controller = new AbortController()
    const pending = ai.models.generateContent({
      model: 'abort',
      contents: 'hi',
      config: { abortSignal: controller.signal, httpOptions: { headers: { 'x-test-fault': 'hang' } } },
    })
    controller.abort()
    const error = await pending.catch((e: unknown) => e)
    expect((error as Error).name).toBe('AbortError')
    expect(await requests('abort', 'cancelled')).toBe(1)
    expect(await active('abort')).toBe(0)
  })
})
