/**
 * The same `@google/genai` client in Vertex AI mode (`vertexai: true`): express mode with an API
 * key, and the project/location form with an auth client that hands out a fixed bearer token (no
 * Google credentials), against the Gemini wire-format server's Vertex paths.
 */
import { GoogleGenAI } from '@google/genai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { type GeminiServer, startGeminiServer } from '../../support/gemini-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

let server: GeminiServer
let h: Harness

const MODEL = 'gemini-2.5-flash'
const base = (model = MODEL, operation = 'generate_content') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'gcp.vertex_ai',
  'gen_ai.request.model': model,
})
const full = (model = MODEL) => ({
  ...base(model),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': server.port,
})
const tokens = (type: string, model = MODEL, operation?: string) =>
  h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })

/** An auth client as google-auth-library's GoogleAuth takes it: request headers, no network. */
const authClient = { getRequestHeaders: async () => new Headers({ authorization: 'Bearer test-token' }) }

const express = () =>
  instrument(new GoogleGenAI({ vertexai: true, apiKey: 'test-key', httpOptions: { baseUrl: server.url } }))
const project = () =>
  instrument(
    new GoogleGenAI({
      vertexai: true,
      project: 'proj',
      location: 'us-central1',
      googleAuthOptions: { authClient: authClient as never },
      httpOptions: { baseUrl: server.url },
    }),
  )

beforeAll(async () => {
  server = await startGeminiServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('Vertex AI express mode (API key)', () => {
  it('records generateContent as gcp.vertex_ai with exact tokens', async () => {
    const res = await express().models.generateContent({ model: MODEL, contents: 'hi' })
    expect(res.text).toBe('Hello there.')
    expect(server.requests.at(-1)).toMatchObject({
      path: `/v1beta1/publishers/google/models/${MODEL}:generateContent`,
      apiKey: 'test-key',
    })
    expect(await h.value('llmeter.llm.requests', base())).toBe(1)
    expect(await tokens('input')).toBe(105)
    expect(await tokens('output')).toBe(35)
    expect(await tokens('cache_read')).toBe(30)
    expect(await tokens('reasoning')).toBe(15)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
  })

  it('records a stream with its usage from the last event and a time to first chunk', async () => {
    const stream = await express().models.generateContentStream({ model: MODEL, contents: 'hi' })
    let n = 0
    for await (const _ of stream) n++
    expect(n).toBe(3)
    expect(server.requests.at(-1)?.path).toBe(
      `/v1beta1/publishers/google/models/${MODEL}:streamGenerateContent`,
    )
    expect(await tokens('output')).toBe(35)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('records embeddings with the token counts Vertex reports per embedding', async () => {
    const res = await express().models.embedContent({ model: 'text-embedding-005', contents: 'hello world' })
    expect(res.embeddings?.[0]?.statistics?.tokenCount).toBe(7)
    expect(server.requests.at(-1)?.method).toBe('predict')
    expect(await h.value('llmeter.llm.requests', base('text-embedding-005', 'embeddings'))).toBe(1)
    expect(await tokens('input', 'text-embedding-005', 'embeddings')).toBe(7)
  })
})

describe('Vertex AI with project and location', () => {
  it('records calls on the project path, chats included, as gcp.vertex_ai', async () => {
    const ai = project()
    await ai.models.generateContent({ model: MODEL, contents: 'hi' })
    expect(server.requests.at(-1)).toMatchObject({
      path: `/v1beta1/projects/proj/locations/us-central1/publishers/google/models/${MODEL}:generateContent`,
      authorization: 'Bearer test-token',
    })
    const chat = ai.chats.create({ model: MODEL })
    await chat.sendMessage({ message: 'hi' })
    expect(await h.value('llmeter.llm.requests', base())).toBe(2)
    expect(await tokens('input')).toBe(210)
    expect(
      await h.value('llmeter.llm.requests', { ...base(), 'gen_ai.provider.name': 'gcp.gemini' }),
    ).toBeUndefined()
  })
})
