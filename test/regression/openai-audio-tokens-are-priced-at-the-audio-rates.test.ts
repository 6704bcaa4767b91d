/**
 * OpenAI's chat completions report audio tokens in `prompt_tokens_details.audio_tokens` and
 * `completion_tokens_details.audio_tokens`. They were counted and priced as text: gpt-audio with
 * 1,000 input tokens (800 audio) and 500 output tokens (400 audio) costs 0.0527 USD in the catalog,
 * llmeter recorded 0.0075. Checked with the openai client, plain and streamed, against a server
 * speaking the Chat Completions API.
 */
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { createPricer } from '../../src/pricing/index.js'
import { createHarness, type Harness } from '../support/harness.js'
import { expectUsd } from '../unit/pricing/expect-usd.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

const MODEL = 'gpt-audio'
const usage = {
  prompt_tokens: 1000,
  completion_tokens: 500,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 800, text_tokens: 200, image_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 400,
    text_tokens: 100,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
}
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_760_000_000,
  model: MODEL,
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        audio: { id: 'audio_1', data: 'UklGRg==', expires_at: 1_760_003_600, transcript: 'ok' },
      },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage,
}
const chunk = (choices: unknown[], extra: object = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_760_000_000,
  model: MODEL,
  choices,
  ...extra,
})

let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer((body) =>
    body?.stream === true
      ? {
          events: [
            {
              data: chunk([
                { index: 0, delta: { role: 'assistant', audio: { transcript: 'ok' } }, finish_reason: null },
              ]),
            },
            { data: chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]) },
            { data: chunk([], { usage }) },
          ],
          done: true,
        }
      : { json: completion },
  )
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
const cost = (type: string) => h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': type })
const tokens = (type: string) => h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': type })

/**
 * gpt-audio in the catalog: $2.50 text input, $32 audio input, $10 text output, $64 audio output
 * per 1M tokens. 200 * 2.5 / 1e6 = 0.0005; 800 * 32 / 1e6 = 0.0256; 100 * 10 / 1e6 = 0.001;
 * 400 * 64 / 1e6 = 0.0256; total 0.0527 (as text: 1000 * 2.5 / 1e6 + 500 * 10 / 1e6 = 0.0075).
 */
async function expectAudioPrices(): Promise<void> {
  expect(await tokens('input')).toBe(1000)
  expect(await tokens('input_audio')).toBe(800)
  expect(await tokens('output')).toBe(500)
  expect(await tokens('output_audio')).toBe(400)
  expectUsd(await cost('input'), 0.0005)
  expectUsd(await cost('input_audio'), 0.0256)
  expectUsd(await cost('output'), 0.001)
  expectUsd(await cost('output_audio'), 0.0256)
  const metric = await h.metric('llmeter.llm.cost')
  expectUsd(
    metric!.dataPoints.reduce((sum, p) => sum + (p.value as number), 0),
    0.0527,
  )
  // The semconv histogram keeps the convention's two token types.
  const histogram = await h.metric('gen_ai.client.token.usage')
  expect(histogram!.dataPoints.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual([
    'input',
    'output',
  ])
}

describe('audio tokens on the openai client', () => {
  const client = () =>
    instrument(new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }))
  const params = {
    model: MODEL,
    modalities: ['text' as const, 'audio' as const],
    audio: { voice: 'alloy' as const, format: 'wav' as const },
    messages: [{ role: 'user' as const, content: 'hi' }],
  }

  it('prices chat.completions.create at the audio rates', async () => {
    const reply = await client().chat.completions.create(params)
    expect(reply.choices[0]!.message.audio?.transcript).toBe('ok')
    await expectAudioPrices()
  })

  it('prices a streamed chat completion at the audio rates', async () => {
    const stream = await client().chat.completions.create({ ...params, stream: true })
    let chunks = 0
    for await (const _ of stream) chunks++
    // llmeter asked for the usage chunk itself and hides it from the host.
    expect(chunks).toBe(2)
    expect((server.bodies.at(-1) as any).stream_options).toEqual({ include_usage: true })
    await expectAudioPrices()
  })
})
