// The Vercel AI SDK (`ai`) at the low and the high end of SUPPORTED_AI_VERSIONS, each with the
// @ai-sdk/openai release that pairs with it (the same provider and provider-utils it depends on):
// the exports patched as the load hook does, against the simulated provider.
import * as providerHigh from '@ai-sdk/openai'
import * as providerLow from '@ai-sdk/openai-low'
import * as aiHigh from 'ai'
import * as aiLow from 'ai-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_AI_VERSIONS } from '../../src/instrumentations/ai/index.js'
import { llmeterMiddleware } from '../../src/instrumentations/ai/middleware.js'
import { patchAiExports } from '../../src/instrumentations/ai/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { startChatToolsServer } from '../support/chat-tools-server.js'
import { createHarness, type Harness } from '../support/harness.js'
import {
  expectDeclared,
  installedVersion,
  MATRIX,
  readAll,
  type SimulatedProvider,
  startSimulatedProvider,
} from './support/matrix.js'

const rows = [
  {
    end: 'low',
    name: MATRIX.ai.low,
    ai: aiLow as any,
    providerName: MATRIX.ai.providerLow,
    sdk: providerLow,
  },
  {
    end: 'high',
    name: MATRIX.ai.high,
    ai: aiHigh as any,
    providerName: MATRIX.ai.providerHigh,
    sdk: providerHigh,
  },
].map((row) => ({
  ...row,
  version: installedVersion(row.name),
  providerVersion: installedVersion(row.providerName),
}))

const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }

/** A fetch that tells the simulated provider which attempt this is, as the openai SDK does itself. */
function countingFetch(): typeof fetch {
  let attempt = 0
  return (url, init) => {
    const headers = new Headers(init?.headers)
    headers.set('x-stainless-retry-count', String(attempt++))
    return fetch(url, { ...init, headers })
  }
}

describe.each(rows)(
  'ai $version with @ai-sdk/openai $providerVersion ($end end)',
  ({ ai: module, sdk, version }) => {
    let provider: SimulatedProvider
    let h: Harness
    // A copy of the module's exports, patched in place as the load hook patches them.
    const ai = patchAiExports({ ...module }, defaultRecorder)
    const openai = (headers: Record<string, string> = {}, fetchImpl?: typeof fetch) =>
      sdk.createOpenAI({
        apiKey: 'sk-test',
        baseURL: `${provider.url}/v1`,
        headers: { 'x-sim-usage': JSON.stringify(usage), ...headers },
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      })
    const base = (model: string) => ({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
    })
    const full = (model: string) => ({
      ...base(model),
      'gen_ai.response.model': model,
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    })
    const attempt = (model: string) => ({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
      'server.address': '127.0.0.1',
    })
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
    })
    afterEach(async () => {
      await h.close()
    })

    it('is inside the declared range', () => {
      expectDeclared(version, SUPPORTED_AI_VERSIONS)
    })

    it('a ToolLoopAgent with a tool: one invocation, two steps, one tool execution under its name', async () => {
      const tools = await startChatToolsServer()
      try {
        const model = sdk.createOpenAI({ apiKey: 'sk-test', baseURL: tools.url }).chat('agent-model')
        const weather = module.tool({
          description: 'Weather in a city',
          inputSchema: module.jsonSchema({ type: 'object', properties: { city: { type: 'string' } } }),
          execute: async ({ city }: { city: string }) => `sunny in ${city}`,
        })
        const agent = new ai.ToolLoopAgent({ id: 'compat-bot', model, tools: { weather } })
        expect((await agent.generate({ prompt: 'w' })).text).toBe('It is sunny.')
        const name = { 'gen_ai.agent.name': 'compat-bot' }
        expect(await h.histogram('gen_ai.invoke_agent.inference_calls', name)).toMatchObject({
          count: 1,
          sum: 2,
        })
        const tool = { 'gen_ai.tool.name': 'weather', 'gen_ai.tool.type': 'function', ...name }
        expect(await h.value('llmeter.tool.executions', tool)).toBe(1)
      } finally {
        await tools.close()
      }
    })

    it('plain call (generateText): exact tokens, one duration sample, no call left active', async () => {
      const result = await ai.generateText({ model: openai().chat('plain'), prompt: 'hi' })
      expect(result.text).toMatch(/simulated/)
      expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
      expect(await tokens('plain', 'input')).toBe(130)
      expect(await tokens('plain', 'output')).toBe(20)
      expect(await tokens('plain', 'cache_read')).toBe(30)
      expect(await tokens('plain', 'reasoning')).toBe(5)
      expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
      expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
    })

    it('the explicit middleware on this version: one call, counted once', async () => {
      const model = module.wrapLanguageModel({
        model: openai().chat('explicit'),
        middleware: llmeterMiddleware(),
      })
      await module.generateText({ model, prompt: 'hi' })
      expect(await h.value('llmeter.llm.requests', base('explicit'))).toBe(1)
      expect(await tokens('explicit', 'output')).toBe(20)
    })

    it('streamed call (streamText): 6 text deltas; usage and chunk timings recorded', async () => {
      const result = ai.streamText({ model: openai({ 'x-sim-chunks': '6' }).chat('stream'), prompt: 'hi' })
      const deltas = await readAll<string>(result.textStream)
      expect(deltas.filter((d) => d !== '').length).toBe(6)
      expect((await result.usage).outputTokens).toBe(20)
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

    it('stream abandoned mid-way (aborted after 2 deltas): one cancelled call, no success', async () => {
      const controller = new AbortController()
      const result = ai.streamText({
        model: openai({ 'x-sim-chunks': '20' }).chat('brk'),
        prompt: 'hi',
        abortSignal: controller.signal,
        onError: () => {},
      })
      let seen = 0
      // The loop ends when the abort reaches the stream; deltas already buffered still arrive.
      for await (const _ of result.textStream) if (++seen === 2) controller.abort()
      expect(seen).toBeLessThan(20)
      expect(await h.value('llmeter.llm.requests', { ...base('brk'), 'error.type': 'cancelled' })).toBe(1)
      expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
      expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
    })

    it('a 429 the SDK retries: one rate limit, one retry by rate_limit; each attempt is one call', async () => {
      const model = openai({ 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' }, countingFetch()).chat(
        'limited',
      )
      const result = await ai.generateText({ model, prompt: 'hi' })
      expect(result.text).toMatch(/simulated/)
      expect(provider.stats.attempts).toEqual([0, 1])
      expect(provider.stats.statuses).toEqual({ 200: 1, 429: 1 })
      expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
      expect(
        await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
      ).toBe(1)
      expect(await h.value('llmeter.llm.requests', { ...base('limited'), 'error.type': 'rate_limit' })).toBe(
        1,
      )
      expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
      expect(await tokens('limited', 'output')).toBe(20)
    })
  },
)
