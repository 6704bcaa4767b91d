/**
 * `GoogleGenAIInstrumentation` as the register entry and `registerInstrumentations()` use it: it
 * patches `@google/genai` when the app requires it (its CommonJS build, through the require hook),
 * records into the MeterProvider it is given, and `disable()` takes the patch off again.
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GoogleGenAIInstrumentation } from '../../../src/instrumentations/google-genai/index.js'
import { type GeminiServer, startGeminiServer } from '../../support/gemini-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

let server: GeminiServer
let h: Harness

beforeAll(async () => {
  server = await startGeminiServer()
  h = createHarness()
})
afterAll(async () => {
  await h.close()
  await server.close()
})

describe('GoogleGenAIInstrumentation', () => {
  it('patches the module the app requires, records into its provider, and unpatches on disable()', async () => {
    const instrumentation = new GoogleGenAIInstrumentation({ enabled: false })
    expect(instrumentation.instrumentationName).toBe('llmeter-google-genai')
    instrumentation.setMeterProvider(h.provider)
    instrumentation.enable()
    const { GoogleGenAI } = createRequire(import.meta.url)('@google/genai')
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } })
    const labels = {
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
    }
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
    expect(await h.value('llmeter.llm.requests', labels)).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...labels, 'gen_ai.token.type': 'input' })).toBe(105)
    instrumentation.disable()
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
    expect(await h.value('llmeter.llm.requests', labels)).toBe(1)
    expect(server.requests).toHaveLength(2)
  })
})
