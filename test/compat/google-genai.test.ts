// @google/genai at the low and the high end of SUPPORTED_GOOGLE_GENAI_VERSIONS: the real client of
// each version, patched through its module exports as the load hook does, against the Gemini
// wire-format server, in Gemini API and Vertex AI (express) mode.
import * as genaiHigh from '@google/genai'
import * as genaiLow from '@google/genai-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_GOOGLE_GENAI_VERSIONS } from '../../src/instrumentations/google-genai/index.js'
import { patchGenAIExports, unpatchGenAIExports } from '../../src/instrumentations/google-genai/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { type GeminiServer, startGeminiServer } from '../support/gemini-server.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.googleGenai.low, module: genaiLow as any },
  { end: 'high', name: MATRIX.googleGenai.high, module: genaiHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const retryOptions = { attempts: 3, initialDelay: 0.001, maxDelay: 0.001, jitter: 0 }

describe.each(rows)('@google/genai $version ($end end, $name)', ({ module, version }) => {
  let server: GeminiServer
  let h: Harness
  let ai: any
  const base = (model: string, provider = 'gcp.gemini') => ({
    'gen_ai.operation.name': 'generate_content',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': server.port,
  })
  const attempt = (model: string) => ({
    'gen_ai.provider.name': 'gcp.gemini',
    'gen_ai.request.model': model,
    'server.address': '127.0.0.1',
  })
  const tokens = (model: string, type: string, provider?: string) =>
    h.value('llmeter.llm.tokens', { ...base(model, provider), 'gen_ai.token.type': type })

  beforeAll(async () => {
    server = await startGeminiServer()
    patchGenAIExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchGenAIExports(module)
    await server.close()
  })
  beforeEach(() => {
    h = createHarness()
    ai = new module.GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url, retryOptions } })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_GOOGLE_GENAI_VERSIONS)
  })

  it('plain call: exact tokens, one duration sample, no call left active', async () => {
    const res = await ai.models.generateContent({ model: 'plain', contents: 'hi' })
    expect(res.text).toBe('Hello there.')
    expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
    expect(await tokens('plain', 'input')).toBe(105)
    expect(await tokens('plain', 'output')).toBe(35)
    expect(await tokens('plain', 'cache_read')).toBe(30)
    expect(await tokens('plain', 'reasoning')).toBe(15)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('streamed call: usage from the last event, chunk timings recorded', async () => {
    const chunks = await readAll<any>(
      await ai.models.generateContentStream({ model: 'stream', contents: 'hi' }),
    )
    expect(chunks).toHaveLength(3)
    expect(await tokens('stream', 'output')).toBe(35)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
  })

  it('chat stream abandoned mid-way: one cancelled call, no call left active', async () => {
    const chat = ai.chats.create({ model: 'brk' })
    const stream = await chat.sendMessageStream({
      message: 'hi',
      config: { httpOptions: { headers: { 'x-test-chunks': '10' } } },
    })
    let seen = 0
    for await (const _ of stream) if (++seen === 2) break
    expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('a 429 the client retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    const headers = { 'x-test-fault': '429', 'x-test-fault-attempts': '1', 'x-test-id': `limited-${version}` }
    await ai.models.generateContent({
      model: 'limited',
      contents: 'hi',
      config: { httpOptions: { headers } },
    })
    expect(server.requests.filter((r) => r.id === `limited-${version}`)).toHaveLength(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
  })

  it('Vertex AI express mode: recorded as gcp.vertex_ai', async () => {
    const vertex = new module.GoogleGenAI({
      vertexai: true,
      apiKey: 'test-key',
      httpOptions: { baseUrl: server.url },
    })
    await vertex.models.generateContent({ model: 'vx', contents: 'hi' })
    expect(server.requests.at(-1)?.vertex).toBe(true)
    expect(await tokens('vx', 'input', 'gcp.vertex_ai')).toBe(105)
  })
})
