import { RunnableLambda } from '@langchain/core/runnables'
import { tool } from '@langchain/core/tools'
import { ChatOpenAI } from '@langchain/openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const base = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
}

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

const chat = (streaming = false) =>
  new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'sk-test',
    streaming,
    configuration: {
      baseURL: `${provider.url}/v1`,
      defaultHeaders: { 'x-sim-usage': JSON.stringify(usage) },
    },
  })

describe('LangChain callback handler', () => {
  it('records a chat model run with exact tokens', async () => {
    const reply = await chat().invoke('hi', { callbacks: [new LlmeterCallbackHandler()] })
    expect(String(reply.content)).toMatch(/simulated/)
    const tokens = (type: string) => h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': type })
    expect(await tokens('input')).toBe(130)
    expect(await tokens('output')).toBe(20)
    expect(await tokens('cache_read')).toBe(30)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
  })

  it('records a streamed run with a time to first chunk', async () => {
    let text = ''
    for await (const chunk of await chat(true).stream('hi', { callbacks: [new LlmeterCallbackHandler()] }))
      text += chunk.content
    expect(text).toMatch(/simulated/)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
    const m = await h.metric('gen_ai.client.operation.time_to_first_chunk')
    expect(m?.dataPoints).toHaveLength(1)
  })

  it('records an agent run with the model and tool calls beneath it', async () => {
    const search = tool(async ({ query }: { query: string }) => `results for ${query}`, {
      name: 'search',
      description: 'Search the docs',
      schema: z.object({ query: z.string() }),
    })
    const agent = RunnableLambda.from(async (question: string, config) => {
      await chat().invoke(question, config)
      return search.invoke({ query: question }, config)
    }).withConfig({ runName: 'support-agent' })
    const answer = await agent.invoke('refunds?', { callbacks: [new LlmeterCallbackHandler()] })
    expect(answer).toBe('results for refunds?')
    const attrs = { 'gen_ai.agent.name': 'support-agent' }
    expect(await h.value('llmeter.agent.invocations', attrs)).toBe(1)
    expect((await h.histogram('llmeter.agent.inference_calls', attrs))?.sum).toBe(1)
    expect((await h.histogram('llmeter.agent.tool_calls', attrs))?.sum).toBe(1)
    expect(await h.value('llmeter.tool.executions', { 'gen_ai.tool.name': 'search' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
  })

  it('records a failing model run with its error type', async () => {
    const failing = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'k',
      maxRetries: 0,
      configuration: { baseURL: `${provider.url}/v1`, defaultHeaders: { 'x-sim-fault': '401' } },
    })
    await expect(failing.invoke('hi', { callbacks: [new LlmeterCallbackHandler()] })).rejects.toThrow()
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'auth' })).toBe(1)
  })

  // Last: once an SDK is patched, the process remembers it.
  it('leaves the LLM call to the SDK patch when the provider SDK is patched, counting it for the agent once', async () => {
    // @langchain/openai uses its own copy of openai; under --import llmeter/register every copy is patched.
    const nested = await import('../../../node_modules/@langchain/openai/node_modules/openai/index.mjs')
    patchOpenAIExports(nested)
    try {
      const agent = RunnableLambda.from(async (q: string, config) => chat().invoke(q, config)).withConfig({
        runName: 'sdk-agent',
      })
      await agent.invoke('hi', { callbacks: [new LlmeterCallbackHandler()] })
      expect(await h.value('llmeter.llm.requests', base)).toBe(1)
      expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'input' })).toBe(130)
      expect(
        (await h.histogram('llmeter.agent.inference_calls', { 'gen_ai.agent.name': 'sdk-agent' }))?.sum,
      ).toBe(1)
    } finally {
      unpatchOpenAIExports(nested)
    }
  })
})
