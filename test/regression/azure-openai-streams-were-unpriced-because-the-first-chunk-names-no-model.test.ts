/**
 * Azure OpenAI opens every chat stream with a content-filter chunk: `"model": ""`, no choices,
 * and `prompt_filter_results`. llmeter took the response model from the first chunk, so it kept
 * the empty one; with a deployment name as `model` (which prices nothing) every streamed call
 * was unpriced. The response model now comes from the first chunk that names one. Checked with
 * the real `AzureOpenAI` client against a server speaking Azure's chat completions stream.
 */
import { AzureOpenAI } from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { createPricer } from '../../src/pricing/index.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectUsd } from '../unit/pricing/expect-usd.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

const DEPLOYMENT = 'chat-prod'
const MODEL = 'gpt-4o-2024-11-20'
const safe = { filtered: false, severity: 'safe' }
const filters = { hate: safe, self_harm: safe, sexual: safe, violence: safe }
const chunk = (choices: unknown[], usage?: unknown) => ({
  choices,
  created: 1_760_000_000,
  id: 'chatcmpl-az1',
  model: MODEL,
  object: 'chat.completion.chunk',
  system_fingerprint: 'fp_b705f0c291',
  ...(usage === undefined ? {} : { usage }),
})
const choice = (delta: unknown, finish: string | null = null) => ({
  content_filter_results: finish === null && (delta as { content?: string }).content ? filters : {},
  delta,
  finish_reason: finish,
  index: 0,
  logprobs: null,
})

// Azure's stream, as its API returns it for a request with stream_options.include_usage.
const AZURE_STREAM = [
  {
    data: {
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [
        {
          prompt_index: 0,
          content_filter_results: { ...filters, jailbreak: { filtered: false, detected: false } },
        },
      ],
    },
  },
  { data: chunk([choice({ content: '', refusal: null, role: 'assistant' })], null) },
  { data: chunk([choice({ content: 'Hello' })], null) },
  { data: chunk([choice({ content: ' there' })], null) },
  { data: chunk([choice({}, 'stop')], null) },
  {
    data: chunk([], {
      completion_tokens: 100,
      prompt_tokens: 1000,
      total_tokens: 1100,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    }),
  },
]

let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer(() => ({ events: AZURE_STREAM, done: true }))
})
afterAll(() => server.close())
beforeEach(() => {
  h = createHarness({ pricer: createPricer().pricer })
})
afterEach(() => h.close())

const attrs = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'azure.ai.openai',
  'gen_ai.request.model': DEPLOYMENT,
}

describe('an Azure OpenAI chat stream', () => {
  it('is priced by the model the chunks after the content-filter chunk name', async () => {
    const client = instrument(
      new AzureOpenAI({
        apiKey: 'az-test',
        apiVersion: '2024-10-21',
        baseURL: `${server.url}/openai`,
        maxRetries: 0,
      }),
    )
    const stream = await client.chat.completions.create({
      model: DEPLOYMENT,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    let text = ''
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? ''
    expect(text).toBe('Hello there')
    const duration = await h.histogram('gen_ai.client.operation.duration', {
      ...attrs,
      'gen_ai.response.model': MODEL,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
    })
    expect(duration?.count).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': 'input' })).toBe(1000)
    expect(await h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': 'output' })).toBe(100)
    // Azure's gpt-4o-2024-11-20: $2.50 input, $10 output per 1M tokens.
    // 1000 * 2.5 / 1e6 = 0.0025; 100 * 10 / 1e6 = 0.001.
    expectUsd(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'input' }), 0.0025)
    expectUsd(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'output' }), 0.001)
    expect(await h.value('llmeter.llm.unpriced', attrs)).toBeUndefined()
  })
})
