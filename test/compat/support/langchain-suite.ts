/**
 * The LangChain rows of the matrix. One suite body, run by one test file per @langchain/core version:
 * llmeter's handler extends `@langchain/core`'s BaseCallbackHandler, so the low-end file maps that
 * import to the low release (vi.mock) and handler, runs and model all come from one core, as in an app.
 *
 * The chat model is a small ChatOpenAI written on the core under test (no @langchain/openai release
 * accepts both @langchain/core 0.3 and 1.x as its peer, so the low one cannot be installed beside the
 * high one): it calls the real openai client and reports usage as ChatOpenAI does (usage_metadata,
 * streamed chunks through handleLLMNewToken).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import OpenAI, * as openaiModule from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LangChainInstrumentation } from '../../../src/instrumentations/langchain/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectDeclared, installedVersion, type SimulatedProvider, startSimulatedProvider } from './matrix.js'

export interface CoreModules {
  chatModels: any
  messages: any
  outputs: any
  manager: any
  handler: any
}

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 0 }

function chatModelClass({ chatModels, messages, outputs }: CoreModules) {
  const usageMetadata = (u: any) => ({
    input_tokens: u.prompt_tokens,
    output_tokens: u.completion_tokens,
    total_tokens: u.total_tokens,
    input_token_details: { cache_read: u.prompt_tokens_details?.cached_tokens ?? 0 },
  })
  return class SimChatOpenAI extends chatModels.BaseChatModel {
    client: OpenAI
    model: string
    headers: Record<string, string>
    constructor(fields: { client: OpenAI; model: string; headers?: Record<string, string> }) {
      super({})
      this.client = fields.client
      this.model = fields.model
      this.headers = { 'x-sim-usage': JSON.stringify(usage), ...fields.headers }
    }
    _llmType() {
      return 'openai'
    }
    getLsParams() {
      return { ls_provider: 'openai', ls_model_name: this.model, ls_model_type: 'chat' }
    }
    async _generate(input: any[]) {
      const res = await this.client.chat.completions.create(
        { model: this.model, messages: [{ role: 'user', content: String(input.at(-1)?.content) }] },
        { headers: this.headers },
      )
      const text = res.choices[0]?.message.content ?? ''
      const message = new messages.AIMessage({
        content: text,
        usage_metadata: usageMetadata(res.usage),
        response_metadata: { model_name: res.model },
      })
      return { generations: [{ text, message }] }
    }
    async *_streamResponseChunks(input: any[], _options: unknown, runManager?: any) {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: [{ role: 'user', content: String(input.at(-1)?.content) }],
          stream: true,
          stream_options: { include_usage: true },
        },
        { headers: this.headers },
      )
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content ?? ''
        const message = new messages.AIMessageChunk({
          content: text,
          // Usage and the model name on the last chunk only: LangChain concatenates chunks' strings.
          ...(chunk.usage
            ? { usage_metadata: usageMetadata(chunk.usage), response_metadata: { model_name: chunk.model } }
            : {}),
        })
        yield new outputs.ChatGenerationChunk({ text, message })
        if (text) await runManager?.handleLLMNewToken(text)
      }
    }
  }
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

export function langchainSuite(end: 'low' | 'high', name: string, core: CoreModules): void {
  const version = installedVersion(name)
  const SimChat = chatModelClass(core)
  const handler = () => ({ callbacks: [new core.handler.LlmeterCallbackHandler()] })

  describe(`@langchain/core ${version} (${end} end, ${name})`, () => {
    let provider: SimulatedProvider
    let h: Harness
    let client: OpenAI
    const chat = (model: string, headers: Record<string, string> = {}) =>
      new SimChat({ client, model, headers }) as any
    const base = (model: string) => ({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
    })
    const full = (model: string) => ({ ...base(model), 'gen_ai.response.model': model })
    const tokens = (model: string, type: string) =>
      h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })

    beforeAll(async () => {
      provider = await startSimulatedProvider()
    })
    afterAll(async () => {
      await provider.close()
    })
    beforeEach(() => {
      h = createHarness()
      provider.resetStats()
      client = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })
    })
    afterEach(async () => {
      await h.close()
    })

    it('is inside the range the automatic hook declares', () => {
      const [definition] = new LangChainInstrumentation({ enabled: false }).getModuleDefinitions()
      expectDeclared(version, definition!.supportedVersions)
    })

    it('plain call (invoke): exact tokens, one duration sample, no run left active', async () => {
      const reply = await chat('plain').invoke('hi', handler())
      expect(String(reply.content)).toMatch(/simulated/)
      expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
      expect(await tokens('plain', 'input')).toBe(130)
      expect(await tokens('plain', 'output')).toBe(20)
      expect(await tokens('plain', 'cache_read')).toBe(30)
      expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
      expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
    })

    it('streamed call (stream): 6 tokens as chunks, usage and chunk timings recorded', async () => {
      let chunks = 0
      for await (const chunk of await chat('stream', { 'x-sim-chunks': '6' }).stream('hi', handler()))
        if (chunk.content) chunks++
      expect(chunks).toBe(6)
      expect(await h.value('llmeter.llm.requests', base('stream'))).toBe(1)
      expect(await tokens('stream', 'input')).toBe(130)
      expect(await tokens('stream', 'output')).toBe(20)
      expect((await h.histogram('gen_ai.client.operation.duration', full('stream')))?.count).toBe(1)
      expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(
        1,
      )
      expect(
        (await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count,
      ).toBe(1)
      expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
    })

    it('stream abandoned mid-way: cancelled once LangChain drops the run, no call left active', async () => {
      // LangChain calls no callback when the consumer breaks: the run ends when its options are collected.
      await (async () => {
        for await (const _ of await chat('brk', { 'x-sim-chunks': '20' }).stream('hi', handler())) break
      })()
      for (let i = 0; i < 50; i++) {
        gc()
        await new Promise((resolve) => setImmediate(resolve))
        if ((await h.value('llmeter.llm.active_requests', base('brk'))) === 0) break
      }
      expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
      expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
      expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    })

    // Last: it patches the openai SDK, which the handler then leaves the LLM call to.
    it('a 429 the client retries: counted once, by the SDK patch, with one rate limit and one retry', async () => {
      patchOpenAIExports(openaiModule, defaultRecorder)
      try {
        await chat('limited', { 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' }).invoke('hi', handler())
      } finally {
        unpatchOpenAIExports(openaiModule)
      }
      const attempt = {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'limited',
        'server.address': '127.0.0.1',
      }
      expect(provider.stats.attempts).toEqual([0, 1])
      expect(await h.value('llmeter.llm.rate_limits', attempt)).toBe(1)
      expect(await h.value('llmeter.llm.retries', { ...attempt, 'llmeter.retry.reason': 'rate_limit' })).toBe(
        1,
      )
      expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
      expect(await tokens('limited', 'output')).toBe(20)
    })
  })
}
