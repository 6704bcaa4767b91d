// @aws-sdk/client-bedrock-runtime instrumented with instrument(client), in-process, against a local
// server speaking the Bedrock Runtime wire format (JSON and binary event streams over HTTP/2):
// Converse and InvokeModel, retries and errors, prices, and what is tracked.
import { ConverseCommand, CountTokensCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime'
import { describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { bedrockFixture, HAIKU, json, messages, NOVA } from '../../support/bedrock-fixture.js'
import { converseReply, invokeReply } from '../../support/bedrock-server.js'
import { createHarness } from '../../support/harness.js'

const f = bedrockFixture()
const { base, full, attempt, tokens, cost, failed, newClient } = f

describe('Converse and InvokeModel', () => {
  it('records Converse usage with the cache reads and writes counted as input', async () => {
    f.server.reply(
      converseReply({
        inputTokens: 20,
        outputTokens: 7,
        cacheReadInputTokens: 100,
        cacheWriteInputTokens: 30,
      }),
    )
    const output = await f.client.send(new ConverseCommand({ modelId: HAIKU, messages }))
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
    expect((await f.h.histogram('gen_ai.client.operation.duration', full(HAIKU)))?.count).toBe(1)
    expect(await f.h.value('llmeter.llm.requests', base(HAIKU))).toBe(1)
    expect(await f.h.value('llmeter.llm.active_requests', base(HAIKU))).toBe(0)
    expect(f.server.requests.at(-1)).toMatchObject({ action: 'converse', modelId: HAIKU })
  })

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
    f.server.reply(invokeReply(body))
    const output = await f.client.send(
      new InvokeModelCommand({
        modelId: HAIKU,
        contentType: 'application/json',
        body: JSON.stringify({ messages: [] }),
      }),
    )
    expect(json(output.body)).toEqual(body)
    expect(await tokens(HAIKU, 'input')).toBe(70)
    expect(await tokens(HAIKU, 'output')).toBe(4)
    expect(await tokens(HAIKU, 'cache_read')).toBe(50)
    expect(await tokens(HAIKU, 'cache_write')).toBe(8)
  })

  it('takes the token-count headers over the body, and reads Meta and Nova bodies', async () => {
    const llama = 'meta.llama3-1-8b-instruct-v1:0'
    f.server.reply(
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
    await f.client.send(new InvokeModelCommand({ modelId: llama, body: '{"prompt":"hi"}' }))
    await f.client.send(new InvokeModelCommand({ modelId: llama, body: '{"prompt":"hi"}' }))
    await f.client.send(new InvokeModelCommand({ modelId: NOVA, body: '{"messages":[]}' }))
    expect(await tokens(llama, 'input')).toBe(24)
    expect(await tokens(llama, 'output')).toBe(8)
    expect(await tokens(NOVA, 'input')).toBe(10)
    expect(await tokens(NOVA, 'cache_read')).toBe(4)
    expect(await f.h.value('llmeter.llm.requests', base(llama))).toBe(2)
  })
})

describe('a new client', () => {
  it('names the server on its very first call, whose endpoint the SDK resolves only as it sends', async () => {
    const fresh = instrument(newClient())
    f.server.reply(converseReply({ inputTokens: 4, outputTokens: 1 }))
    await fresh.send(new ConverseCommand({ modelId: 'first', messages }))
    expect((await f.h.histogram('gen_ai.client.operation.duration', full('first')))?.count).toBe(1)
    expect(await f.h.histogram('gen_ai.client.operation.duration', base('first'))).toBeUndefined()
    fresh.destroy()
  })
})

describe('retries and errors', () => {
  it('counts each throttled attempt the SDK retries, while the call itself succeeds', async () => {
    f.server.reply(
      { status: 429, errorType: 'ThrottlingException', headers: { 'retry-after': '0' } },
      converseReply({ inputTokens: 3, outputTokens: 2 }),
    )
    const output = await f.client.send(new ConverseCommand({ modelId: 'thr', messages }))
    expect(output.$metadata.attempts).toBe(2)
    expect(await f.h.value('llmeter.llm.rate_limits', attempt('thr'))).toBe(1)
    expect(
      await f.h.value('llmeter.llm.retries', { ...attempt('thr'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await f.h.value('llmeter.llm.requests', base('thr'))).toBe(1)
    expect(await tokens('thr', 'input')).toBe(3)
  })

  it('records 5xx attempts as retries by server_error and the exhausted call as failed', async () => {
    const short = instrument(newClient(2))
    f.server.reply(
      { status: 503, errorType: 'ServiceUnavailableException' },
      { status: 500, errorType: 'InternalServerException' },
    )
    const error = await short.send(new ConverseCommand({ modelId: '5xx', messages })).catch((e: Error) => e)
    expect((error as Error).name).toBe('InternalServerException')
    expect(await failed('5xx', 'server_error')).toBe(1)
    // The new client's first call starts before the SDK resolved its endpoint; its attempts name
    // the server all the same.
    const attrs = attempt('5xx')
    expect(await f.h.value('llmeter.llm.retries', { ...attrs, 'llmeter.retry.reason': 'server_error' })).toBe(
      1,
    )
    expect(await f.h.value('llmeter.llm.rate_limits', attrs)).toBeUndefined()
    expect(await f.h.value('llmeter.llm.active_requests', base('5xx'))).toBe(0)
    short.destroy()
  })

  it('maps validation, access and model-timeout exceptions onto the taxonomy', async () => {
    f.server.reply(
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
      await f.client
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
    f.server.reply(
      converseReply({ inputTokens: 1000, outputTokens: 500 }),
      converseReply({
        inputTokens: 1000,
        outputTokens: 300,
        cacheReadInputTokens: 2000,
        cacheWriteInputTokens: 500,
      }),
    )
    await f.client.send(new ConverseCommand({ modelId: NOVA, messages }))
    await f.client.send(new ConverseCommand({ modelId: HAIKU, messages }))
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
    f.server.reply(converseReply({ inputTokens: 2000, outputTokens: 100 }))
    await f.client.send(new ConverseCommand({ modelId: arn, messages }))
    expect(f.server.requests.at(-1)?.modelId).toBe(arn)
    expect(await f.h.value('llmeter.llm.requests', base(HAIKU))).toBe(1)
    expect(await cost(HAIKU, 'input')).toBeCloseTo((2000 * 0.8) / 1e6, 15)
    expect(await cost(HAIKU, 'output')).toBeCloseTo((100 * 4) / 1e6, 15)
  })
})

describe('what is tracked', () => {
  it('records the callback form of send and leaves other commands untracked', async () => {
    f.server.reply(converseReply({ inputTokens: 5, outputTokens: 1 }))
    const output = await new Promise<{ usage?: { inputTokens?: number } }>((resolve, reject) =>
      f.client.send(new ConverseCommand({ modelId: 'cb', messages }), (error, out) =>
        error ? reject(error) : resolve(out!),
      ),
    )
    expect(output.usage?.inputTokens).toBe(5)
    expect(await f.h.value('llmeter.llm.requests', base('cb'))).toBe(1)
    expect(await tokens('cb', 'input')).toBe(5)
    f.server.reply({ status: 200, json: { inputTokens: 12 } })
    const counted = await f.client.send(
      new CountTokensCommand({ modelId: 'cnt', input: { converse: { messages } } }),
    )
    expect(counted.inputTokens).toBe(12)
    expect(f.server.requests.at(-1)).toMatchObject({ action: 'count-tokens', modelId: 'cnt' })
    expect(await f.h.value('llmeter.llm.requests', base('cnt'))).toBeUndefined()
  })

  it('refuses a call an enforced budget blocks, without sending it, in both forms of send', async () => {
    await f.h.close()
    f.h = createHarness({
      budgets: {
        exhausted: () => [{ name: 'monthly', enforced: true, limitUsd: 1, spendUsd: 1.5 }],
        add: () => {},
      },
    })
    const before = f.server.requests.length
    const rejected = await f.client
      .send(new ConverseCommand({ modelId: 'blocked', messages }))
      .catch((e: unknown) => e)
    const called = await new Promise<unknown>((resolve) =>
      f.client.send(new ConverseCommand({ modelId: 'blocked', messages }), (error) => resolve(error)),
    )
    expect(rejected).toBeInstanceOf(BudgetExceededError)
    expect(called).toBeInstanceOf(BudgetExceededError)
    expect(f.server.requests.length).toBe(before)
    expect(await failed('blocked', 'budget_exceeded')).toBe(2)
  })

  it('counts a call once when the f.client is instrumented twice', async () => {
    expect(instrument(f.client)).toBe(f.client)
    f.server.reply(converseReply({ inputTokens: 5, outputTokens: 1 }))
    await f.client.send(new ConverseCommand({ modelId: 'twice', messages }))
    expect(await f.h.value('llmeter.llm.requests', base('twice'))).toBe(1)
    expect(await f.h.value('llmeter.llm.rate_limits', attempt('twice'))).toBeUndefined()
    expect((await f.h.histogram('gen_ai.client.operation.duration', full('twice')))?.count).toBe(1)
  })
})
