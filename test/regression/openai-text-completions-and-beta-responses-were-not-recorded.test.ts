/**
 * The openai client's legacy `completions.create` (text completions, plain and streamed) and
 * `beta.responses.create` made no LLM call at all: only chat completions, Responses and
 * embeddings were patched. Checked with the real client, both on the prototypes (the automatic
 * patch) and on one instance (`instrument()`), against a server speaking the Completions and
 * Responses APIs.
 */
import OpenAI, * as openaiModule from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { type Reply, startWireServer, type WireServer } from './support/wire-server.js'

const INSTRUCT = 'gpt-3.5-turbo-instruct'
const INSTRUCT_VERSION = 'gpt-3.5-turbo-instruct:20230824-v2'
const completionUsage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }
const textChunk = (choices: unknown[], usage?: unknown) => ({
  id: 'cmpl-1',
  object: 'text_completion',
  created: 1_760_000_000,
  model: INSTRUCT_VERSION,
  choices,
  ...(usage === undefined ? {} : { usage }),
})
const textChoice = (text: string, finish: string | null = null) => ({
  text,
  index: 0,
  logprobs: null,
  finish_reason: finish,
})

const RESPONSES_MODEL = 'gpt-4.1-2025-04-14'
const responseBody = (status: string, usage: unknown) => ({
  id: 'resp_b1',
  object: 'response',
  created_at: 1_760_000_000,
  status,
  model: RESPONSES_MODEL,
  output:
    status === 'completed'
      ? [
          {
            type: 'message',
            id: 'msg_b1',
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hi!', annotations: [] }],
          },
        ]
      : [],
  usage,
})
const responsesUsage = {
  input_tokens: 40,
  input_tokens_details: { cached_tokens: 10 },
  output_tokens: 9,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 49,
}

function reply(body: any): Reply {
  if (typeof body?.prompt === 'string') {
    if (!body.stream) return { json: textChunk([textChoice('Hello world', 'stop')], completionUsage) }
    const usage = body.stream_options?.include_usage ? null : undefined
    const events = [
      { data: textChunk([textChoice('Hello')], usage) },
      { data: textChunk([textChoice(' world')], usage) },
      { data: textChunk([textChoice('', 'stop')], usage) },
    ]
    if (body.stream_options?.include_usage) events.push({ data: textChunk([], completionUsage) })
    return { events, done: true }
  }
  if (!body?.stream) return { json: responseBody('completed', responsesUsage) }
  return {
    events: [
      {
        event: 'response.created',
        data: { type: 'response.created', sequence_number: 0, response: responseBody('in_progress', null) },
      },
      {
        event: 'response.output_text.delta',
        data: {
          type: 'response.output_text.delta',
          sequence_number: 1,
          item_id: 'msg_b1',
          output_index: 0,
          content_index: 0,
          delta: 'Hi!',
        },
      },
      {
        event: 'response.completed',
        data: {
          type: 'response.completed',
          sequence_number: 2,
          response: responseBody('completed', responsesUsage),
        },
      },
    ],
  }
}

let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer(reply)
})
afterAll(() => server.close())
beforeEach(() => {
  h = createHarness()
})
afterEach(() => h.close())

const attrs = (operation: string, model: string) => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
})
const tokens = (a: Record<string, string>, type: string) =>
  h.value('llmeter.llm.tokens', { ...a, 'gen_ai.token.type': type })
const newClient = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 })

describe.each([
  ['instrument(client)', () => instrument(newClient()), () => {}],
  [
    'the automatic patch',
    () => {
      patchOpenAIExports(openaiModule, defaultRecorder)
      return newClient()
    },
    () => unpatchOpenAIExports(openaiModule),
  ],
])('with %s', (_name, makeClient, undo) => {
  let client: OpenAI
  beforeEach(() => {
    client = makeClient()
  })
  afterEach(() => undo())

  it('records a text completion as text_completion, with its usage and response model', async () => {
    const res = await client.completions.create({ model: INSTRUCT, prompt: 'Say hello' })
    expect(res.choices[0]!.text).toBe('Hello world')
    const a = attrs('text_completion', INSTRUCT)
    expect(await h.value('llmeter.llm.requests', a)).toBe(1)
    expect(await tokens(a, 'input')).toBe(5)
    expect(await tokens(a, 'output')).toBe(7)
    const duration = await h.histogram('gen_ai.client.operation.duration', {
      ...a,
      'gen_ai.response.model': INSTRUCT_VERSION,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
    })
    expect(duration?.count).toBe(1)
  })

  it('records a streamed text completion: first chunk, usage, and the host sees its own chunks', async () => {
    const stream = await client.completions.create({ model: INSTRUCT, prompt: 'Say hello', stream: true })
    const seen: unknown[] = []
    for await (const c of stream) seen.push(c)
    // What the host would get without llmeter: no usage field, no usage-only chunk.
    expect(seen).toEqual([
      textChunk([textChoice('Hello')]),
      textChunk([textChoice(' world')]),
      textChunk([textChoice('', 'stop')]),
    ])
    expect((server.bodies.at(-1) as any).stream_options).toEqual({ include_usage: true })
    const a = attrs('text_completion', INSTRUCT)
    expect(await h.value('llmeter.llm.requests', a)).toBe(1)
    expect(await tokens(a, 'input')).toBe(5)
    expect(await tokens(a, 'output')).toBe(7)
    const ttfc = await h.histogram('gen_ai.client.operation.time_to_first_chunk', {
      ...a,
      'gen_ai.response.model': INSTRUCT_VERSION,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
    })
    expect(ttfc?.count).toBe(1)
  })

  it('records beta.responses.create, plain and streamed', async () => {
    const res = await client.beta.responses.create({ model: 'gpt-4.1', input: 'hi' })
    expect(res.id).toBe('resp_b1')
    const stream = await client.beta.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true })
    for await (const _ of stream) {
    }
    const a = attrs('chat', 'gpt-4.1')
    expect(await h.value('llmeter.llm.requests', a)).toBe(2)
    expect(await tokens(a, 'input')).toBe(80)
    expect(await tokens(a, 'cache_read')).toBe(20)
    expect(await tokens(a, 'output')).toBe(18)
  })
})
