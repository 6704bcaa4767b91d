import { createOpenAI } from '@ai-sdk/openai'
import * as ai from 'ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { patchAiExports, unpatchAiExports } from '../../../src/instrumentations/ai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

// The automatic mode's patch, applied to a copy of the module's exports (what the load hook hands
// to the instrumentation), so the tests need no child process.
let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let patched: typeof ai

const requests = (model: string, operation = 'chat') => ({
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
  patched = patchAiExports({ ...ai }, defaultRecorder)
})
afterEach(async () => {
  await h.close()
  delete (globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER
})

const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1` })

describe('automatic Vercel AI SDK instrumentation (patched exports)', () => {
  it('measures generateText and streamText given a plain model, once per call', async () => {
    const model = openai().chat('gpt-4o-mini')
    await patched.generateText({ model, prompt: 'hi' })
    const result = patched.streamText({ model, prompt: 'hi' })
    for await (const _ of result.textStream) {
    }
    expect(await h.value('llmeter.llm.requests', requests('gpt-4o-mini'))).toBe(2)
    expect(await h.metric('gen_ai.client.operation.time_to_first_chunk')).toBeDefined()
  })

  it('measures embed and embedMany', async () => {
    const model = openai().embedding('text-embedding-3-small')
    await patched.embed({ model, value: 'a' })
    await patched.embedMany({ model, values: ['a', 'b'] })
    expect(await h.value('llmeter.llm.requests', requests('text-embedding-3-small', 'embeddings'))).toBe(2)
  })

  it('measures the steps of a ToolLoopAgent, which stays an instance of the original class', async () => {
    const agent = new patched.ToolLoopAgent({ model: openai().chat('agent-model') })
    expect(agent).toBeInstanceOf(ai.ToolLoopAgent)
    const result = await agent.generate({ prompt: 'hi' })
    expect(result.text).toMatch(/simulated/)
    expect(await h.value('llmeter.llm.requests', requests('agent-model'))).toBe(1)
  })

  it('resolves a model id string through the global default provider', async () => {
    ;(globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER = openai()
    await patched.generateText({ model: 'by-id', prompt: 'hi' })
    expect(await h.value('llmeter.llm.requests', requests('by-id'))).toBe(1)
  })

  it('counts once when the app also wraps the model with the middleware', async () => {
    const model = ai.wrapLanguageModel({
      model: openai().chat('both'),
      middleware: (await import('../../../src/instrumentations/ai/middleware.js')).llmeterMiddleware(),
    })
    await patched.generateText({ model, prompt: 'hi' })
    expect(await h.value('llmeter.llm.requests', requests('both'))).toBe(1)
  })

  it('restores the original functions when unpatched', async () => {
    unpatchAiExports(patched)
    expect(patched.generateText).toBe(ai.generateText)
    expect(patched.ToolLoopAgent).toBe(ai.ToolLoopAgent)
    await patched.generateText({ model: openai().chat('plain'), prompt: 'hi' })
    expect(await h.value('llmeter.llm.requests', requests('plain'))).toBeUndefined()
  })
})
