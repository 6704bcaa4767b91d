// @aws-sdk/client-bedrock-runtime instrumented with instrument(client), in-process, against a local
// server speaking the Bedrock Runtime wire format (JSON and binary event streams over HTTP/2).
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { exceptionFrame } from '../../support/bedrock-event-stream.js'
import {
  type BedrockServer,
  converseReply,
  converseStreamFrames,
  invokeReply,
  invokeStreamFrames,
  startBedrockServer,
} from '../../support/bedrock-server.js'
import { createHarness, type Harness } from '../../support/harness.js'

process.env.AWS_EC2_METADATA_DISABLED = 'true'
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0'
const NOVA = 'amazon.nova-lite-v1:0'
const messages = [{ role: 'user' as const, content: [{ text: 'hi' }] }]

let server: BedrockServer
let client: BedrockRuntimeClient
let h: Harness

const base = (model: string, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'aws.bedrock',
  'gen_ai.request.model': model,
})
const full = (model: string) => ({
  ...base(model),
  'server.address': '127.0.0.1',
  'server.port': server.port,
})
const attempt = (model: string) => ({
  'gen_ai.provider.name': 'aws.bedrock',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const tokens = (model: string, type: string) =>
  h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
const cost = (model: string, type: string) =>
  h.value('llmeter.llm.cost', { ...base(model), 'llmeter.cost.type': type })
const failed = (model: string, type: string) =>
  h.value('llmeter.llm.requests', { ...base(model), 'error.type': type })
const newClient = (maxAttempts = 3) =>
  new BedrockRuntimeClient({ region: 'us-east-1', endpoint: server.url, credentials, maxAttempts })

async function readAll<T>(stream: AsyncIterable<T> | undefined): Promise<T[]> {
  const events: T[] = []
  for await (const event of stream!) events.push(event)
  return events
}
const text = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes))

beforeAll(async () => {
  server = await startBedrockServer()
  client = instrument(newClient())
  // A client learns the address it sends to from its first request: make that one here.
  server.reply(converseReply({ inputTokens: 1, outputTokens: 1 }))
  await client.send(new ConverseCommand({ modelId: 'warm-up', messages }))
})
afterAll(async () => {
  client.destroy()
  await server.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('Converse and ConverseStream', () => {
  it('records Converse usage with the cache reads and writes counted as input', async () => {
    server.reply(
      converseReply({
        inputTokens: 20,
        outputTokens: 7,
        cacheReadInputTokens: 100,
        cacheWriteInputTokens: 30,
      }),
    )
    const output = await client.send(new ConverseCommand({ modelId: HAIKU, messages }))
    expect(output.usage).toEqual({
      inputTokens: 20,
      outputTokens: 7,
      cacheReadInputTokens: 100,
      cacheWriteInputTokens: 30,
      totalTokens: 157,
    })
    expect(output.output?.message?.content?.[0]?.text).toBe('Hello there.')
    expect(Object.keys(output).sort()).toEqual(['$metadata', 'metrics', 'output', 'stopReason', 'usage'])
    expect(await tokens(HAIKU, 'input')).toBe(150)
    expect(await tokens(HAIKU, 'output')).toBe(7)
    expect(await tokens(HAIKU, 'cache_read')).toBe(100)
    expect(await tokens(HAIKU, 'cache_write')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.duration', full(HAIKU)))?.count).toBe(1)
    expect(await h.value('llmeter.llm.requests', base(HAIKU))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base(HAIKU))).toBe(0)
    expect(server.requests.at(-1)).toMatchObject({ action: 'converse', modelId: HAIKU })
  })

  it('records ConverseStream: events unchanged, chunks timed, usage from the last (metadata) event', async () => {
    server.reply({ frames: converseStreamFrames({ inputTokens: 40, outputTokens: 9 }, ['Hel', 'lo', '!']) })
    const output = await client.send(new ConverseStreamCommand({ modelId: NOVA, messages }))
    expect(await h.value('llmeter.llm.active_requests', base(NOVA))).toBe(1)
    const events = await readAll(output.stream)
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hel' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'lo' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: '!' } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'end_turn' } },
      {
        metadata: {
          usage: { inputTokens: 40, outputTokens: 9, totalTokens: 49 },
          metrics: { latencyMs: 210 },
        },
      },
    ])
    expect(await tokens(NOVA, 'input')).toBe(40)
    expect(await tokens(NOVA, 'output')).toBe(9)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full(NOVA)))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full(NOVA)))?.count).toBe(1)
    expect(await h.value('llmeter.llm.requests', base(NOVA))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base(NOVA))).toBe(0)
  })

  it('records a stream the caller breaks out of once, as cancelled', async () => {
    server.reply({ frames: converseStreamFrames({ inputTokens: 4, outputTokens: 2 }, ['a', 'b']) })
    const output = await client.send(new ConverseStreamCommand({ modelId: 'brk', messages }))
    for await (const event of output.stream!) {
      expect(event).toEqual({ messageStart: { role: 'assistant' } })
      break
    }
    expect(await failed('brk', 'cancelled')).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await tokens('brk', 'input')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('records a stream the caller aborts with abortSignal once, as cancelled', async () => {
    server.reply({ frames: converseStreamFrames({ inputTokens: 4, outputTokens: 2 }, ['a', 'b', 'c']) })
    const controller = new AbortController()
    const output = await client.send(new ConverseStreamCommand({ modelId: 'abort', messages }), {
      abortSignal: controller.signal,
    })
    const seen: unknown[] = []
    const error: Error | undefined = await (async () => {
      for await (const event of output.stream!) {
        seen.push(event)
        controller.abort()
      }
    })().then(
      () => undefined,
      (e: Error) => e,
    )
    // The SDK ends the iteration quietly when the call is aborted mid-stream: no error for the host.
    expect(error).toBeUndefined()
    expect(seen).toEqual([{ messageStart: { role: 'assistant' } }])
    expect(await h.value('llmeter.llm.requests', base('abort'))).toBeUndefined()
    expect(await failed('abort', 'cancelled')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('abort'))).toBe(0)
  })

  it('classifies an exception event inside the stream, which the host gets as the named exception', async () => {
    server.reply(
      {
        frames: [
          ...converseStreamFrames(undefined, ['a']),
          exceptionFrame('modelStreamErrorException', { message: 'boom', originalStatusCode: 500 }),
        ],
      },
      {
        frames: [
          ...converseStreamFrames(undefined, ['a']).slice(0, 2),
          exceptionFrame('throttlingException', { message: 'slow down' }),
        ],
      },
    )
    const names: string[] = []
    for (let i = 0; i < 2; i++) {
      const output = await client.send(new ConverseStreamCommand({ modelId: 'boom', messages }))
      await readAll(output.stream).catch((error: Error) => names.push(error.name))
    }
    expect(names).toEqual(['ModelStreamErrorException', 'ThrottlingException'])
    expect(await failed('boom', 'server_error')).toBe(1)
    expect(await failed('boom', 'rate_limit')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('boom'))).toBe(0)
  })

  it('records a stream cut mid-way, which the SDK ends quietly, as failed by network', async () => {
    server.reply({ frames: converseStreamFrames(undefined, ['a', 'b']).slice(0, 2), cut: true })
    const output = await client.send(new ConverseStreamCommand({ modelId: 'cut', messages }))
    const events = await readAll(output.stream)
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'a' } } },
    ])
    expect(await failed('cut', 'network')).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('cut'))).toBeUndefined()
    expect(await tokens('cut', 'input')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })
})

describe('InvokeModel and InvokeModelWithResponseStream', () => {
  it('reads an Anthropic Messages body when Bedrock sends no token-count headers', async () => {
    const body = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-3-5-haiku-20241022',
      content: [{ type: 'text', text: 'Hi.' }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: 12,
        output_tokens: 4,
        cache_read_input_tokens: 50,
        cache_creation_input_tokens: 8,
      },
    }
    server.reply(invokeReply(body))
    const output = await client.send(
      new InvokeModelCommand({
        modelId: HAIKU,
        contentType: 'application/json',
        body: JSON.stringify({ messages: [] }),
      }),
    )
    expect(text(output.body)).toEqual(body)
    expect(await tokens(HAIKU, 'input')).toBe(70)
    expect(await tokens(HAIKU, 'output')).toBe(4)
    expect(await tokens(HAIKU, 'cache_read')).toBe(50)
    expect(await tokens(HAIKU, 'cache_write')).toBe(8)
  })

  it('takes the token-count headers over the body, and reads Meta and Nova bodies', async () => {
    const llama = 'meta.llama3-1-8b-instruct-v1:0'
    server.reply(
      invokeReply(
        { generation: 'Hi.', prompt_token_count: 11, generation_token_count: 3 },
        { input: 13, output: 5 },
      ),
      invokeReply({
        generation: 'Hi.',
        prompt_token_count: 11,
        generation_token_count: 3,
        stop_reason: 'stop',
      }),
      invokeReply({
        output: { message: { role: 'assistant', content: [{ text: 'Hi.' }] } },
        usage: { inputTokens: 6, outputTokens: 2, cacheReadInputTokenCount: 4 },
      }),
    )
    await client.send(new InvokeModelCommand({ modelId: llama, body: '{"prompt":"hi"}' }))
    await client.send(new InvokeModelCommand({ modelId: llama, body: '{"prompt":"hi"}' }))
    await client.send(new InvokeModelCommand({ modelId: NOVA, body: '{"messages":[]}' }))
    expect(await tokens(llama, 'input')).toBe(24)
    expect(await tokens(llama, 'output')).toBe(8)
    expect(await tokens(NOVA, 'input')).toBe(10)
    expect(await tokens(NOVA, 'cache_read')).toBe(4)
    expect(await h.value('llmeter.llm.requests', base(llama))).toBe(2)
  })

  it('records InvokeModelWithResponseStream: chunks unchanged, usage from the invocation metrics', async () => {
    const events = [
      { type: 'message_start', message: { usage: { input_tokens: 25, output_tokens: 1 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } },
      { type: 'message_stop' },
    ]
    const metrics = { inputTokenCount: 25, outputTokenCount: 6, invocationLatency: 300, firstByteLatency: 90 }
    server.reply({ frames: invokeStreamFrames(events, metrics) })
    const output = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: '{}' }))
    const seen = (await readAll(output.body)).map((event) => text(event.chunk?.bytes))
    expect(seen).toEqual([
      ...events.slice(0, 4),
      { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics },
    ])
    expect(await tokens(HAIKU, 'input')).toBe(25)
    expect(await tokens(HAIKU, 'output')).toBe(6)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full(HAIKU)))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base(HAIKU))).toBe(0)
  })
})

describe('retries and errors', () => {
  it('counts each throttled attempt the SDK retries, while the call itself succeeds', async () => {
    server.reply(
      { status: 429, errorType: 'ThrottlingException', headers: { 'retry-after': '0' } },
      converseReply({ inputTokens: 3, outputTokens: 2 }),
    )
    const output = await client.send(new ConverseCommand({ modelId: 'thr', messages }))
    expect(output.$metadata.attempts).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('thr'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('thr'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('thr'))).toBe(1)
    expect(await tokens('thr', 'input')).toBe(3)
  })

  it('records 5xx attempts as retries by server_error and the exhausted call as failed', async () => {
    const short = instrument(newClient(2))
    server.reply(
      { status: 503, errorType: 'ServiceUnavailableException' },
      { status: 500, errorType: 'InternalServerException' },
    )
    const error = await short.send(new ConverseCommand({ modelId: '5xx', messages })).catch((e: Error) => e)
    expect((error as Error).name).toBe('InternalServerException')
    expect(await failed('5xx', 'server_error')).toBe(1)
    // The new client's first call, made before it learned where it sends: no server.address yet.
    const attrs = { 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': '5xx' }
    expect(await h.value('llmeter.llm.retries', { ...attrs, 'llmeter.retry.reason': 'server_error' })).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attrs)).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('5xx'))).toBe(0)
    short.destroy()
  })

  it('maps validation, access and model-timeout exceptions onto the taxonomy', async () => {
    server.reply(
      { status: 400, errorType: 'ValidationException' },
      {
        status: 400,
        errorType: 'ValidationException',
        json: { message: 'Input is too long for requested model.' },
      },
      { status: 403, errorType: 'AccessDeniedException' },
      { status: 408, errorType: 'ModelTimeoutException' },
    )
    const names: string[] = []
    for (let i = 0; i < 4; i++)
      await client
        .send(new ConverseCommand({ modelId: 'err', messages }))
        .catch((e: Error) => names.push(e.name))
    expect(names).toEqual([
      'ValidationException',
      'ValidationException',
      'AccessDeniedException',
      'ModelTimeoutException',
    ])
    expect(await failed('err', 'invalid_request')).toBe(1)
    expect(await failed('err', 'context_length')).toBe(1)
    expect(await failed('err', 'auth')).toBe(1)
    expect(await failed('err', 'timeout')).toBe(1)
  })
})

describe('models and prices', () => {
  it('prices a Nova and an Anthropic inference-profile call in exact USD from the catalog', async () => {
    server.reply(
      converseReply({ inputTokens: 1000, outputTokens: 500 }),
      converseReply({
        inputTokens: 1000,
        outputTokens: 300,
        cacheReadInputTokens: 2000,
        cacheWriteInputTokens: 500,
      }),
    )
    await client.send(new ConverseCommand({ modelId: NOVA, messages }))
    await client.send(new ConverseCommand({ modelId: HAIKU, messages }))
    // amazon.nova-lite-v1:0: $0.06 input, $0.24 output per 1M tokens.
    expect(await cost(NOVA, 'input')).toBeCloseTo((1000 * 0.06) / 1e6, 15)
    expect(await cost(NOVA, 'output')).toBeCloseTo((500 * 0.24) / 1e6, 15)
    // Claude 3.5 Haiku through the US profile: $0.80 input, $0.08 cache read, $1 cache write, $4 output.
    expect(await cost(HAIKU, 'input')).toBeCloseTo((1000 * 0.8) / 1e6, 15)
    expect(await cost(HAIKU, 'cache_read')).toBeCloseTo((2000 * 0.08) / 1e6, 15)
    expect(await cost(HAIKU, 'cache_write')).toBeCloseTo((500 * 1) / 1e6, 15)
    expect(await cost(HAIKU, 'output')).toBeCloseTo((300 * 4) / 1e6, 15)
  })

  it('labels and prices an inference-profile ARN by the profile id it names', async () => {
    const arn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${HAIKU}`
    server.reply(converseReply({ inputTokens: 2000, outputTokens: 100 }))
    await client.send(new ConverseCommand({ modelId: arn, messages }))
    expect(server.requests.at(-1)?.modelId).toBe(arn)
    expect(await h.value('llmeter.llm.requests', base(HAIKU))).toBe(1)
    expect(await cost(HAIKU, 'input')).toBeCloseTo((2000 * 0.8) / 1e6, 15)
    expect(await cost(HAIKU, 'output')).toBeCloseTo((100 * 4) / 1e6, 15)
  })
})

describe('what is tracked', () => {
  it('records the callback form of send and leaves other commands untracked', async () => {
    server.reply(converseReply({ inputTokens: 5, outputTokens: 1 }))
    const output = await new Promise<{ usage?: { inputTokens?: number } }>((resolve, reject) =>
      client.send(new ConverseCommand({ modelId: 'cb', messages }), (error, out) =>
        error ? reject(error) : resolve(out!),
      ),
    )
    expect(output.usage?.inputTokens).toBe(5)
    expect(await h.value('llmeter.llm.requests', base('cb'))).toBe(1)
    expect(await tokens('cb', 'input')).toBe(5)
    server.reply({ status: 200, json: { inputTokens: 12 } })
    const counted = await client.send(
      new CountTokensCommand({ modelId: 'cnt', input: { converse: { messages } } }),
    )
    expect(counted.inputTokens).toBe(12)
    expect(server.requests.at(-1)).toMatchObject({ action: 'count-tokens', modelId: 'cnt' })
    expect(await h.value('llmeter.llm.requests', base('cnt'))).toBeUndefined()
  })

  it('refuses a call an enforced budget blocks, without sending it, in both forms of send', async () => {
    await h.close()
    h = createHarness({
      budgets: {
        exhausted: () => [{ name: 'monthly', enforced: true, limitUsd: 1, spendUsd: 1.5 }],
        add: () => {},
      },
    })
    const before = server.requests.length
    const rejected = await client
      .send(new ConverseCommand({ modelId: 'blocked', messages }))
      .catch((e: unknown) => e)
    const called = await new Promise<unknown>((resolve) =>
      client.send(new ConverseCommand({ modelId: 'blocked', messages }), (error) => resolve(error)),
    )
    expect(rejected).toBeInstanceOf(BudgetExceededError)
    expect(called).toBeInstanceOf(BudgetExceededError)
    expect(server.requests.length).toBe(before)
    expect(await failed('blocked', 'budget_exceeded')).toBe(2)
  })

  it('counts a call once when the client is instrumented twice', async () => {
    expect(instrument(client)).toBe(client)
    server.reply(converseReply({ inputTokens: 5, outputTokens: 1 }))
    await client.send(new ConverseCommand({ modelId: 'twice', messages }))
    expect(await h.value('llmeter.llm.requests', base('twice'))).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('twice'))).toBeUndefined()
    expect((await h.histogram('gen_ai.client.operation.duration', full('twice')))?.count).toBe(1)
  })
})
