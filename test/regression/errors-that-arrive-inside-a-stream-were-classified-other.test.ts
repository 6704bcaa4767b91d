/**
 * A provider can fail a stream after answering 200: OpenAI puts `{"error": {...}}` in a chat
 * chunk (the openai SDK throws an APIError without a status from the stream), the Responses API
 * sends `response.failed` (the stream ends, the response carries the error) or an `error` event,
 * and Anthropic sends an `error` event. Those failures carry their kind only in the error's `type`
 * or `code`, and were all recorded as `error.type=_OTHER`. Checked with the real clients against
 * servers speaking each stream; the host still gets the SDK's own error.
 */
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrumentations/instrument.js'
import { createHarness, type Harness } from '../support/harness.js'
import { type Reply, startWireServer, type WireServer } from './support/wire-server.js'

/** The reply for the next request; each test sets it. */
let next: Reply = { json: {} }
let server: WireServer
let h: Harness
beforeAll(async () => {
  server = await startWireServer(() => next)
})
afterAll(() => server.close())
beforeEach(() => {
  h = createHarness()
})
afterEach(() => h.close())

const requests = (provider: string, model: string, errorType: string) =>
  h.value('llmeter.llm.requests', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': model,
    'error.type': errorType,
  })

/** Drains `stream`, returning what it threw (undefined when it ended). */
async function drain(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream) {
    }
  } catch (error) {
    return error
  }
  return undefined
}

const openai = () => instrument(new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }))
const anthropic = () =>
  instrument(new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 }))

const chatChunk = (content: string) => ({
  id: 'chatcmpl-e1',
  object: 'chat.completion.chunk',
  created: 1_760_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta: { content }, finish_reason: null, logprobs: null }],
})

describe('an OpenAI chat stream with an error chunk', () => {
  it.each([
    [
      'server_error',
      'server_error',
      'The server had an error while processing your request. Sorry about that!',
    ],
    ['rate_limit_exceeded', 'rate_limit', 'Rate limit reached for gpt-4o-mini.'],
  ])('type %s is recorded as %s', async (type, expected, message) => {
    next = {
      events: [{ data: chatChunk('Hel') }, { data: { error: { message, type, param: null, code: null } } }],
    }
    const stream = await openai().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    const error = await drain(stream)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined()
    expect(await requests('openai', 'gpt-4o-mini', expected)).toBe(1)
    expect(await requests('openai', 'gpt-4o-mini', '_OTHER')).toBeUndefined()
  })
})

const response = (status: string, error: unknown) => ({
  id: 'resp_e1',
  object: 'response',
  created_at: 1_760_000_000,
  status,
  model: 'gpt-4.1-2025-04-14',
  output: [],
  error,
  usage: null,
})

describe('a Responses API stream that fails', () => {
  it('records response.failed by the error code of the response', async () => {
    next = {
      events: [
        {
          event: 'response.created',
          data: { type: 'response.created', sequence_number: 0, response: response('in_progress', null) },
        },
        {
          event: 'response.failed',
          data: {
            type: 'response.failed',
            sequence_number: 1,
            response: response('failed', {
              code: 'server_error',
              message: 'The model failed to generate a response.',
            }),
          },
        },
      ],
    }
    const stream = await openai().responses.create({ model: 'gpt-4.1', input: 'hi', stream: true })
    // The SDK ends this stream normally; the failure is in the event.
    expect(await drain(stream)).toBeUndefined()
    expect(await requests('openai', 'gpt-4.1', 'server_error')).toBe(1)
    expect(await requests('openai', 'gpt-4.1', '_OTHER')).toBeUndefined()
  })

  it('records an error event by its code', async () => {
    next = {
      events: [
        {
          event: 'response.created',
          data: { type: 'response.created', sequence_number: 0, response: response('in_progress', null) },
        },
        {
          event: 'error',
          data: {
            type: 'error',
            code: 'rate_limit_exceeded',
            message: 'Rate limit reached.',
            param: null,
            sequence_number: 1,
          },
        },
      ],
    }
    const stream = await openai().responses.create({ model: 'gpt-4.1', input: 'hi', stream: true })
    expect(await drain(stream)).toBeInstanceOf(OpenAI.APIError)
    expect(await requests('openai', 'gpt-4.1', 'rate_limit')).toBe(1)
    expect(await requests('openai', 'gpt-4.1', '_OTHER')).toBeUndefined()
  })
})

describe('an Anthropic stream with an error event', () => {
  const messageStart = {
    type: 'message_start',
    message: {
      id: 'msg_e1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 1 },
    },
  }
  it.each([
    ['overloaded_error', 'server_error', 'Overloaded'],
    ['api_error', 'server_error', 'Internal server error'],
    ['rate_limit_error', 'rate_limit', 'Number of request tokens has exceeded your rate limit.'],
  ])('type %s is recorded as %s', async (type, expected, message) => {
    next = {
      events: [
        { event: 'message_start', data: messageStart },
        { event: 'error', data: { type: 'error', error: { type, message } } },
      ],
    }
    const stream = await anthropic().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    const error = await drain(stream)
    expect(error).toBeInstanceOf(Anthropic.APIError)
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBeUndefined()
    expect(await requests('anthropic', 'claude-sonnet-4-5', expected)).toBe(1)
    expect(await requests('anthropic', 'claude-sonnet-4-5', '_OTHER')).toBeUndefined()
  })
})
