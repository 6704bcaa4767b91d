/**
 * @langchain/openai puts the request's whole usage on every generation of a response: with
 * `n: 2`, both generations carry the request total, and the LangChain handler added them up, so
 * the tokens and cost were doubled. Checked with ChatOpenAI and the real openai client against a
 * server speaking the Chat Completions API.
 */
import { HumanMessage } from '@langchain/core/messages'
import { ChatOpenAI } from '@langchain/openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LlmeterCallbackHandler } from '../../src/instrumentations/langchain/handler.js'
import { createPricer } from '../../src/pricing/index.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectUsd } from '../unit/pricing/expect-usd.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

const MODEL = 'gpt-4o-mini'
const choice = (index: number, content: string) => ({
  index,
  message: { role: 'assistant', content, refusal: null },
  finish_reason: 'stop',
  logprobs: null,
})

let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer(() => ({
    json: {
      id: 'chatcmpl-2',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: MODEL,
      choices: [choice(0, 'one'), choice(1, 'two')],
      // The request's usage: both choices' output together.
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 200,
        total_tokens: 1200,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
    },
  }))
})
afterAll(() => server.close())
beforeEach(() => {
  h = createHarness({ pricer: createPricer().pricer })
})
afterEach(() => h.close())

const attrs = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': MODEL,
}

describe('LangChain ChatOpenAI with n: 2', () => {
  it('counts the request once, not once per generation', async () => {
    const chat = new ChatOpenAI({
      model: MODEL,
      n: 2,
      apiKey: 'sk-test',
      maxRetries: 0,
      configuration: { baseURL: `${server.url}/v1` },
    })
    const result = await chat.generate([[new HumanMessage('hi')]], {
      callbacks: [new LlmeterCallbackHandler()],
    })
    expect(result.generations[0]!.map((g) => g.text)).toEqual(['one', 'two'])
    expect((server.bodies[0] as any).n).toBe(2)
    expect(await h.value('llmeter.llm.requests', attrs)).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': 'input' })).toBe(1000)
    expect(await h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': 'output' })).toBe(200)
    // gpt-4o-mini: $0.15 input, $0.60 output per 1M. 1000 * 0.15 / 1e6 = 0.00015;
    // 200 * 0.6 / 1e6 = 0.00012 (doubled, it was 0.0003 and 0.00024).
    expectUsd(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'input' }), 0.00015)
    expectUsd(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'output' }), 0.00012)
  })
})
