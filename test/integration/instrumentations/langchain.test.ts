import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { RunnableLambda } from '@langchain/core/runnables'
import { tool } from '@langchain/core/tools'
import { ChatOpenAI } from '@langchain/openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { LlmeterCallbackHandler } from '../../../src/instrumentations/langchain/handler.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
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

const chat = (streaming = false, headers: Record<string, string> = {}) =>
  new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'sk-test',
    streaming,
    maxRetries: 0,
    configuration: {
      baseURL: `${provider.url}/v1`,
      defaultHeaders: { 'x-sim-usage': JSON.stringify(usage), ...headers },
    },
  })
const handler = () => ({ callbacks: [new LlmeterCallbackHandler()] })

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

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

  it('records a streamed run: tokens as chunks, one time to first chunk, the same text as without llmeter', async () => {
    let text = ''
    for await (const chunk of await chat(true, { 'x-sim-chunks': '6' }).stream('hi', handler()))
      text += chunk.content
    let plain = ''
    for await (const chunk of await chat(true, { 'x-sim-chunks': '6' }).stream('hi')) plain += chunk.content
    expect(text).toBe(plain)
    expect(await h.value('llmeter.llm.requests', base)).toBe(1)
    const attrs = { ...base, 'gen_ai.response.model': 'gpt-4o-mini' }
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', attrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', attrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.duration', attrs))?.count).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'output' })).toBe(20)
  })

  it('records a stream cut mid-way as a network error and rethrows the same error', async () => {
    const read = async (callbacks?: { callbacks: LlmeterCallbackHandler[] }) => {
      try {
        for await (const _ of await chat(true, { 'x-sim-fault': 'cut_stream' }).stream('hi', callbacks)) {
        }
      } catch (error) {
        return error as Error
      }
      return undefined
    }
    const seen = await read(handler())
    const plain = await read()
    expect(seen?.constructor).toBe(plain?.constructor)
    expect(seen?.message).toBe(plain?.message)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'network' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
  })

  it('records a run the caller aborts as cancelled', async () => {
    const controller = new AbortController()
    const pending = chat(false, { 'x-sim-fault': 'timeout' }).invoke('hi', {
      ...handler(),
      signal: controller.signal,
    })
    controller.abort()
    await expect(pending).rejects.toThrow()
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
  })

  it('ends a stream the caller breaks out of as cancelled once LangChain drops it', async () => {
    // LangChain calls no callback when the consumer breaks: the run ends when its options are collected.
    await (async () => {
      for await (const _ of await chat(true, { 'x-sim-chunks': '20' }).stream('hi', handler())) break
    })()
    for (let i = 0; i < 50; i++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
      if ((await h.value('llmeter.llm.active_requests', base)) === 0) break
    }
    expect(await h.value('llmeter.llm.active_requests', base)).toBe(0)
    expect(await h.value('llmeter.llm.requests', { ...base, 'error.type': 'cancelled' })).toBe(1)
  })

  it('records a failing tool and a failing agent with their error types, rethrowing the same error', async () => {
    const broken = tool(
      async () => {
        throw Object.assign(new Error('upstream said no'), { status: 503 })
      },
      { name: 'lookup', description: 'Looks things up', schema: z.object({ id: z.string() }) },
    )
    const agent = RunnableLambda.from(async (id: string, config) => broken.invoke({ id }, config)).withConfig(
      {
        runName: 'lookup-agent',
      },
    )
    const error = await agent.invoke('7', handler()).catch((e: Error) => e)
    const plain = await agent.invoke('7').catch((e: Error) => e)
    expect(error.message).toBe(plain.message)
    expect(
      await h.value('llmeter.tool.executions', {
        'gen_ai.tool.name': 'lookup',
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.name': 'lookup-agent',
        'error.type': 'server_error',
      }),
    ).toBe(1)
    expect(
      await h.value('llmeter.agent.invocations', {
        'gen_ai.agent.name': 'lookup-agent',
        'error.type': 'server_error',
      }),
    ).toBe(1)
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
    expect((await h.histogram('gen_ai.invoke_agent.inference_calls', attrs))?.sum).toBe(1)
    expect((await h.histogram('gen_ai.invoke_agent.tool_calls', attrs))?.sum).toBe(1)
    expect(
      await h.value('llmeter.tool.executions', {
        'gen_ai.tool.name': 'search',
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.name': 'support-agent',
      }),
    ).toBe(1)
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
    patchOpenAIExports(nested, defaultRecorder)
    try {
      const agent = RunnableLambda.from(async (q: string, config) => chat().invoke(q, config)).withConfig({
        runName: 'sdk-agent',
      })
      await agent.invoke('hi', { callbacks: [new LlmeterCallbackHandler()] })
      expect(await h.value('llmeter.llm.requests', base)).toBe(1)
      expect(await h.value('llmeter.llm.tokens', { ...base, 'gen_ai.token.type': 'input' })).toBe(130)
      expect(
        (await h.histogram('gen_ai.invoke_agent.inference_calls', { 'gen_ai.agent.name': 'sdk-agent' }))?.sum,
      ).toBe(1)
    } finally {
      unpatchOpenAIExports(nested)
    }
  })
})
