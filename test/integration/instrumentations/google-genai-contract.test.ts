/**
 * The wrapper contract for `@google/genai`, patched as the load hook does: the host sees what the
 * unpatched SDK gives (same chunks, same errors), a recorder that throws changes nothing, requests
 * the SDK repeats for automatic function calling are one call each, and a stream the host drops
 * unfinished ends as cancelled when it is garbage-collected (forced with V8's `gc`, yielding to the
 * event loop until the finalizer has run, at most 50 turns).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import * as genai from '@google/genai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { patchGenAIExports, unpatchGenAIExports } from '../../../src/instrumentations/google-genai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { FUNCTION_CALL_USAGE, type GeminiServer, startGeminiServer } from '../../support/gemini-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let server: GeminiServer
let h: Harness

const base = (model: string) => ({
  'gen_ai.operation.name': 'generate_content',
  'gen_ai.provider.name': 'gcp.gemini',
  'gen_ai.request.model': model,
})
const tokens = (model: string, type: string) =>
  h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
const newClient = () => new genai.GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } })
const config = (headers: Record<string, string>) => ({ httpOptions: { headers } })

/** A chunk without its per-response HTTP headers (they carry the date). */
const bare = (chunk: genai.GenerateContentResponse) => ({ ...chunk, sdkHttpResponse: undefined })

async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchGenAIExports(genai)
  try {
    return await fn()
  } finally {
    patchGenAIExports(genai, defaultRecorder)
  }
}

async function streamOf(ai: genai.GoogleGenAI, headers: Record<string, string> = {}) {
  const chunks: unknown[] = []
  const stream = await ai.models.generateContentStream({
    model: 'same',
    contents: 'hi',
    config: config(headers),
  })
  const error = await (async () => {
    for await (const c of stream) chunks.push(bare(c))
  })().catch((e: unknown) => e)
  return { chunks, error }
}

beforeAll(async () => {
  server = await startGeminiServer()
  patchGenAIExports(genai, defaultRecorder)
})
afterAll(async () => {
  unpatchGenAIExports(genai)
  await server.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('what the host sees', () => {
  it('gets the same response, the same stream chunks and the same stream error as without llmeter', async () => {
    const plain = await newClient().models.generateContent({ model: 'same', contents: 'hi' })
    const plainBare = await withoutLlmeter(() =>
      newClient().models.generateContent({ model: 'same', contents: 'hi' }),
    )
    expect(bare(plain)).toEqual(bare(plainBare))
    const ours = await streamOf(newClient())
    const theirs = await withoutLlmeter(() => streamOf(newClient()))
    expect(ours.chunks).toHaveLength(3)
    expect(ours).toEqual(theirs)
    const failing = await streamOf(newClient(), { 'x-test-fault': 'stream_error' })
    const failingBare = await withoutLlmeter(() => streamOf(newClient(), { 'x-test-fault': 'stream_error' }))
    expect(failing.error).toBeInstanceOf(genai.ApiError)
    expect(failing.error).toEqual(failingBare.error)
    expect(failing.chunks).toEqual(failingBare.chunks)
    expect(await h.value('llmeter.llm.requests', base('same'))).toBe(2)
    expect(await h.value('llmeter.llm.requests', { ...base('same'), 'error.type': 'server_error' })).toBe(1)
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
    const ai = newClient()
    const res = await ai.models.generateContent({ model: 'broken', contents: 'hi' })
    expect(res.usageMetadata?.candidatesTokenCount).toBe(20)
    const { chunks } = await streamOf(ai)
    expect(chunks).toHaveLength(3)
  })
})

describe('automatic function calling', () => {
  it('records each request of the loop as one call with the usage of its own response', async () => {
    const lookup: genai.CallableTool = {
      tool: async () => ({ functionDeclarations: [{ name: 'lookup', description: 'looks up' }] }),
      callTool: async () => [{ functionResponse: { name: 'lookup', response: { ok: true } } }],
    }
    const res = await newClient().models.generateContent({
      model: 'afc',
      contents: 'hi',
      config: { tools: [lookup], httpOptions: { headers: { 'x-test-function-call': 'lookup' } } },
    })
    expect(res.text).toBe('Hello there.')
    expect(await h.value('llmeter.llm.requests', base('afc'))).toBe(2)
    expect(await tokens('afc', 'input')).toBe(FUNCTION_CALL_USAGE.promptTokenCount + 105)
    expect(await tokens('afc', 'output')).toBe(FUNCTION_CALL_USAGE.candidatesTokenCount + 35)
    // Two requests of the loop, not one request retried.
    expect((await h.metric('llmeter.llm.retries'))?.dataPoints ?? []).toEqual([])
  })
})

describe('streams the host never finishes', () => {
  /** Collects garbage and yields until `done()` holds (at most 50 rounds). */
  async function collectUntil(done: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 50 && !(await done()); i++) {
      gc()
      await new Promise((r) => setImmediate(r))
    }
  }
  const cancelled = (model: string) =>
    h.value('llmeter.llm.requests', { ...base(model), 'error.type': 'cancelled' })

  it('records a stream left half-read, once, as cancelled when the host drops it', async () => {
    await (async () => {
      const stream = await newClient().models.generateContentStream({ model: 'dropped', contents: 'hi' })
      await stream.next()
    })()
    await collectUntil(async () => (await cancelled('dropped')) === 1)
    expect(await cancelled('dropped')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('dropped'))).toBe(0)
  })
})
