import * as openaiModule from 'openai'
import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { OpenAIInstrumentation } from '../../../src/instrumentations/openai/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: OpenAI
let port: number

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const messages = [{ role: 'user' as const, content: 'hello' }]
const base = (model: string, operation = 'chat', providerName = 'openai') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': providerName,
  'gen_ai.request.model': model,
})
const tokens = (attrs: Record<string, string>, type: string) =>
  h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': type })

beforeAll(async () => {
  provider = await startSimulatedProvider()
  port = provider.port
  patchOpenAIExports(openaiModule, defaultRecorder)
})
afterAll(async () => {
  unpatchOpenAIExports(openaiModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })
})
afterEach(async () => {
  await h.close()
})

describe('openai responses.create', () => {
  it('records a plain response: tokens with cache read and reasoning, both models', async () => {
    const res = await client.responses.create(
      { model: 'gpt-4.1', input: 'hi' },
      { headers: { ...headers, 'x-sim-response-model': 'gpt-4.1-2025-04-14' } },
    )
    expect(res.usage?.input_tokens).toBe(130)
    expect(await tokens(base('gpt-4.1'), 'input')).toBe(130)
    expect(await tokens(base('gpt-4.1'), 'output')).toBe(20)
    expect(await tokens(base('gpt-4.1'), 'cache_read')).toBe(30)
    expect(await tokens(base('gpt-4.1'), 'reasoning')).toBe(5)
    const attrs = {
      ...base('gpt-4.1'),
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'server.address': '127.0.0.1',
      'server.port': port,
    }
    expect((await h.histogram('gen_ai.client.operation.duration', attrs))?.count).toBe(1)
  })

  it('records a streamed response from its completed event, with time to first chunk', async () => {
    const stream = await client.responses.create(
      { model: 'gpt-4.1', input: 'hi', stream: true },
      { headers: { ...headers, 'x-sim-chunks': '4' } },
    )
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(4)
    expect(types.at(-1)).toBe('response.completed')
    expect(await tokens(base('gpt-4.1'), 'input')).toBe(130)
    expect(await tokens(base('gpt-4.1'), 'reasoning')).toBe(5)
    const attrs = {
      ...base('gpt-4.1'),
      'gen_ai.response.model': 'gpt-4.1',
      'server.address': '127.0.0.1',
      'server.port': port,
    }
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', attrs))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', attrs))?.count).toBe(1)
  })

  it('records a streamed response the caller breaks out of as cancelled', async () => {
    const stream = await client.responses.create({ model: 'r-brk', input: 'hi', stream: true }, { headers })
    for await (const _ of stream) break
    expect(await h.value('llmeter.llm.requests', { ...base('r-brk'), 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('r-brk'))).toBe(0)
  })
})

describe('openai embeddings.create', () => {
  it('records embeddings as operation embeddings, with input tokens only', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a'] }, { headers })
    expect(res.data).toHaveLength(1)
    const attrs = base('text-embedding-3-small', 'embeddings')
    expect(await tokens(attrs, 'input')).toBe(100)
    expect(await tokens(attrs, 'output')).toBeUndefined()
    expect(await h.value('llmeter.llm.requests', attrs)).toBe(1)
  })
})

describe('providers and server address', () => {
  it('names Azure OpenAI as azure.ai.openai, with the endpoint as server address', async () => {
    const azure = new AzureOpenAI({
      apiKey: 'k',
      endpoint: provider.url,
      apiVersion: '2024-10-21',
      deployment: 'prod-chat',
    })
    await azure.chat.completions.create({ model: 'gpt-4o', messages }, { headers })
    const attrs = {
      ...base('gpt-4o', 'chat', 'azure.ai.openai'),
      'gen_ai.response.model': 'gpt-4o',
      'server.address': '127.0.0.1',
      'server.port': port,
    }
    expect((await h.histogram('gen_ai.client.operation.duration', attrs))?.count).toBe(1)
  })

  it('keeps provider openai for an OpenAI-compatible local server, told apart by server.address', async () => {
    const local = new OpenAI({ apiKey: 'k', baseURL: `http://localhost:${port}/v1` })
    await local.chat.completions.create({ model: 'llama3', messages }, { headers })
    const attrs = {
      ...base('llama3'),
      'gen_ai.response.model': 'llama3',
      'server.address': 'localhost',
      'server.port': port,
    }
    expect((await h.histogram('gen_ai.client.operation.duration', attrs))?.count).toBe(1)
  })
})

describe('explicit instrument(client) and the automatic instrumentation', () => {
  it('does not count twice when a client is instrumented explicitly on top of the automatic patch', async () => {
    const explicit = instrument(new OpenAI({ apiKey: 'k', baseURL: `${provider.url}/v1` }))
    expect(instrument(explicit)).toBe(explicit)
    await explicit.chat.completions.create({ model: 'once', messages }, { headers })
    expect(await h.value('llmeter.llm.requests', base('once'))).toBe(1)
    expect(await tokens(base('once'), 'input')).toBe(130)
  })

  it('instruments a client explicitly when nothing was patched at load, streams and retries included', async () => {
    unpatchOpenAIExports(openaiModule)
    try {
      const bare = new OpenAI({ apiKey: 'k', baseURL: `${provider.url}/v1` })
      await bare.chat.completions.create({ model: 'unseen', messages }, { headers })
      const explicit = instrument(new OpenAI({ apiKey: 'k', baseURL: `${provider.url}/v1` }))
      const stream = await explicit.chat.completions.create(
        { model: 'seen', messages, stream: true },
        { headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
      )
      for await (const _ of stream) {
      }
      await explicit.embeddings.create({ model: 'emb', input: 'x' }, { headers })
      expect(await h.value('llmeter.llm.requests', base('unseen'))).toBeUndefined()
      expect(await h.value('llmeter.llm.requests', base('seen'))).toBe(1)
      expect(await tokens(base('seen'), 'output')).toBe(20)
      expect(
        await h.value('llmeter.llm.rate_limits', {
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'seen',
          'server.address': '127.0.0.1',
        }),
      ).toBe(1)
      expect(await h.value('llmeter.llm.requests', base('emb', 'embeddings'))).toBe(1)
    } finally {
      patchOpenAIExports(openaiModule, defaultRecorder)
    }
  })

  it('OpenAIInstrumentation can be created, enabled and disabled without throwing', () => {
    const instrumentation = new OpenAIInstrumentation()
    expect(instrumentation.instrumentationName).toBe('llmeter-openai')
    instrumentation.enable()
    instrumentation.disable()
  })
})
