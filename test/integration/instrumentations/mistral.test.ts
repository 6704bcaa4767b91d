// @mistralai/mistralai against a local Mistral wire-format server: the automatic patch (applied to
// the module exports as the load hook does) and instrument(client), with exact metric values.
import * as mistralModule from '@mistralai/mistralai'
import { Mistral } from '@mistralai/mistralai'
import { SDKError } from '@mistralai/mistralai/models/errors'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { patchMistralExports, unpatchMistralExports } from '../../../src/instrumentations/mistral/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { MISTRAL_EMBED_TOKENS, MISTRAL_TEXT, startMistralServer } from '../../support/wire/mistral.js'
import type { WireServer } from '../../support/wire/server.js'

let server: WireServer
let h: Harness
let key = 0

const MODEL = 'mistral-large-latest'
const messages = [{ role: 'user' as const, content: 'hi' }]
/** Retries are off by default in the SDK; the tests turn them on with a short backoff. */
const retryConfig = {
  strategy: 'backoff' as const,
  backoff: { initialInterval: 1, maxInterval: 2000, exponent: 1.1, maxElapsedTime: 10_000 },
  retryConnectionErrors: false,
}
const newClient = () => new Mistral({ apiKey: 'test-key', serverURL: server.url, retryConfig })
/** Per-call options: the server's scenario, and a fresh key so attempts are counted per call. */
const scenario = (name = 'ok') => ({ headers: { 'x-test-scenario': name, 'x-test-key': `m${++key}` } })

const base = (model = MODEL, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'mistral_ai',
  'gen_ai.request.model': model,
})
const full = (model = MODEL, operation = 'chat') => ({
  ...base(model, operation),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': server.port,
})
const attempt = (model = MODEL) => ({
  'gen_ai.provider.name': 'mistral_ai',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const tokens = (type: string, model = MODEL, operation = 'chat') =>
  h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })
const requests = (model = MODEL, errorType?: string, operation = 'chat') =>
  h.value('llmeter.llm.requests', { ...base(model, operation), 'error.type': errorType })

async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchMistralExports(mistralModule)
  try {
    return await fn()
  } finally {
    patchMistralExports(mistralModule, defaultRecorder)
  }
}

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const event of stream) out.push(event)
  return out
}

const text = (events: any[]) => events.map((e) => e.data.choices[0]?.delta?.content ?? '').join('')

beforeAll(async () => {
  server = await startMistralServer()
  patchMistralExports(mistralModule, defaultRecorder)
})
afterAll(async () => {
  unpatchMistralExports(mistralModule)
  await server.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('mistral chat.complete', () => {
  it('records tokens, the response model, one duration sample and the exact catalog cost', async () => {
    const res = await newClient().chat.complete({ model: MODEL, messages }, scenario())
    expect(res.usage.promptTokens).toBe(120)
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(120)
    expect(await tokens('output')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
    // mistral-large-latest is priced as mistral-large: $2 per million input, $6 per million output.
    const cost = (type: string) => h.value('llmeter.llm.cost', { ...base(), 'llmeter.cost.type': type })
    expect(await cost('input')).toBeCloseTo(0.00024, 12)
    expect(await cost('output')).toBeCloseTo(0.00018, 12)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('returns what the bare SDK returns', async () => {
    const ours = await newClient().chat.complete({ model: MODEL, messages }, scenario())
    const bare = await withoutLlmeter(() => newClient().chat.complete({ model: MODEL, messages }, scenario()))
    expect(ours).toEqual(bare)
    expect(ours.choices[0]?.message?.content).toBe(MISTRAL_TEXT.join(''))
  })
})

describe('mistral chat.stream', () => {
  it('records usage from the last event, time to first chunk and per chunk; events unchanged', async () => {
    const events = await readAll(await newClient().chat.stream({ model: MODEL, messages }, scenario()))
    const bare = await withoutLlmeter(async () =>
      readAll(await newClient().chat.stream({ model: MODEL, messages }, scenario())),
    )
    expect(events).toEqual(bare)
    expect(text(events)).toBe(MISTRAL_TEXT.join(''))
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(120)
    expect(await tokens('output')).toBe(30)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full()))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('records a stream read through getReader() once', async () => {
    const stream = await newClient().chat.stream({ model: 'reader', messages }, scenario())
    const reader = stream.getReader()
    let n = 0
    while (!(await reader.read()).done) n++
    expect(n).toBe(4)
    expect(await requests('reader')).toBe(1)
    expect(await tokens('output', 'reader')).toBe(30)
  })

  it('records a stream the caller breaks out of as one cancelled call', async () => {
    const stream = await newClient().chat.stream({ model: 'brk', messages }, scenario('hold'))
    let seen = 0
    for await (const _ of stream) if (++seen === 2) break
    expect(await requests('brk', 'cancelled')).toBe(1)
    expect(await requests('brk')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
    // The time to first chunk is kept; a cancelled call names no response model.
    const server_ = { 'server.address': '127.0.0.1', 'server.port': server.port }
    expect(
      (await h.histogram('gen_ai.client.operation.time_to_first_chunk', { ...base('brk'), ...server_ }))
        ?.count,
    ).toBe(1)
  })

  it('fails a stream cut mid-way as network, with the error the bare SDK throws', async () => {
    const run = async (client: Mistral) => {
      const stream = await client.chat.stream({ model: 'cut', messages }, scenario('stream-cut'))
      return readAll(stream).then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    }
    const ours = await run(newClient())
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.message).toBe(bare?.message)
    expect(await requests('cut', 'network')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })

  it('fails a stream whose server sends an error event, with the error the bare SDK throws', async () => {
    const run = async (client: Mistral) => {
      const stream = await client.chat.stream({ model: 'serr', messages }, scenario('stream-error'))
      return readAll(stream).then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    }
    const ours = await run(newClient())
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours).toBeInstanceOf(Error)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.message).toBe(bare?.message)
    // The error event is not a completion chunk: the SDK throws its schema error, which names no kind.
    expect(await requests('serr', '_OTHER')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('serr'))).toBe(0)
  })
})

describe('mistral embeddings.create', () => {
  it('records the input tokens as embeddings and prices them', async () => {
    const res = await newClient().embeddings.create(
      { model: 'mistral-embed', inputs: ['a', 'b'] },
      scenario(),
    )
    expect(res.data).toHaveLength(2)
    expect(await requests('mistral-embed', undefined, 'embeddings')).toBe(1)
    expect(await tokens('input', 'mistral-embed', 'embeddings')).toBe(MISTRAL_EMBED_TOKENS)
    expect(await tokens('output', 'mistral-embed', 'embeddings')).toBeUndefined()
    // mistral-embed: $0.10 per million input tokens.
    const cost = await h.value('llmeter.llm.cost', {
      ...base('mistral-embed', 'embeddings'),
      'llmeter.cost.type': 'input',
    })
    expect(cost).toBeCloseTo(MISTRAL_EMBED_TOKENS * 0.1e-6, 15)
  })
})

describe('mistral retries and errors', () => {
  it('counts a 429 with retry-after that the SDK retries, and the call that then succeeds', async () => {
    await newClient().chat.complete({ model: MODEL, messages }, scenario('429-once'))
    expect(await h.value('llmeter.llm.rate_limits', attempt())).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'rate_limit' })).toBe(
      1,
    )
    expect(await requests()).toBe(1)
    expect(await requests(MODEL, 'rate_limit')).toBeUndefined()
    expect(await tokens('input')).toBe(120)
  })

  it('counts every attempt of a stream request retried after a 429', async () => {
    const events = await readAll(
      await newClient().chat.stream({ model: 'sretry', messages }, scenario('429-once')),
    )
    expect(text(events)).toBe(MISTRAL_TEXT.join(''))
    expect(await h.value('llmeter.llm.rate_limits', attempt('sretry'))).toBe(1)
    expect(await requests('sretry')).toBe(1)
  })

  it('counts a connection error the SDK retries as a network retry, and the call that then succeeds', async () => {
    const client = new Mistral({
      apiKey: 'test-key',
      serverURL: server.url,
      retryConfig: { ...retryConfig, retryConnectionErrors: true },
    })
    const res = await client.chat.complete({ model: 'reset', messages }, scenario('reset-once'))
    expect(res.usage?.completionTokens).toBe(30)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('reset'), 'llmeter.retry.reason': 'network' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('reset'))).toBeUndefined()
    expect(await requests('reset')).toBe(1)
  })

  it('records a 429 the SDK does not retry (its default) as rate_limit', async () => {
    const client = new Mistral({ apiKey: 'test-key', serverURL: server.url })
    await expect(client.chat.complete({ model: 'noretry', messages }, scenario('429-once'))).rejects.toThrow()
    expect(await requests('noretry', 'rate_limit')).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('noretry'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('noretry'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBeUndefined()
  })

  it('maps a 500 to server_error and rejects exactly as the bare SDK', async () => {
    const options = { ...scenario('500'), retries: { strategy: 'none' as const } }
    const run = (client: Mistral) =>
      client.chat.complete({ model: 'err', messages }, options).then(
        () => undefined,
        (e: unknown) => e as Error & { statusCode?: number },
      )
    const ours = await run(newClient())
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours).toBeInstanceOf(SDKError)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.statusCode).toBe(500)
    expect(ours?.message).toBe(bare?.message)
    expect(await requests('err', 'server_error')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('err'))).toBe(0)
  })
})

describe('mistral with a broken recorder', () => {
  it('changes nothing for the host when every instrument throws', async () => {
    for (const instrument of Object.values(h.recorder.instruments) as unknown as Record<string, unknown>[]) {
      for (const method of ['add', 'record']) {
        if (typeof instrument[method] === 'function')
          instrument[method] = () => {
            throw new Error('recorder broke')
          }
      }
    }
    const res = await newClient().chat.complete({ model: MODEL, messages }, scenario('429-once'))
    expect(res.usage?.completionTokens).toBe(30)
    const events = await readAll(await newClient().chat.stream({ model: MODEL, messages }, scenario()))
    expect(text(events)).toBe(MISTRAL_TEXT.join(''))
  })
})

describe('mistral and budgets', () => {
  it('refuses a call an enforced budget blocks, without sending it', async () => {
    await h.close()
    h = createHarness({
      budgets: {
        exhausted: () => [{ name: 'monthly', enforced: true, limitUsd: 1, spendUsd: 1.5 }],
        add: () => {},
      },
    })
    const before = server.hits('/v1/chat/completions')
    const error = await newClient()
      .chat.complete({ model: 'blocked', messages }, scenario())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BudgetExceededError)
    expect(server.hits('/v1/chat/completions')).toBe(before)
    expect(await requests('blocked', 'budget_exceeded')).toBe(1)
  })
})

describe('instrument(client) on @mistralai/mistralai', () => {
  it('records calls of an explicitly instrumented client, once when the automatic patch is on too', async () => {
    const client = instrument(newClient())
    await client.chat.complete({ model: 'explicit', messages }, scenario())
    await readAll(await client.chat.stream({ model: 'explicit', messages }, scenario()))
    expect(await requests('explicit')).toBe(2)
    expect(await tokens('output', 'explicit')).toBe(60)
  })

  it('records an explicitly instrumented client without the automatic patch', async () => {
    await withoutLlmeter(async () => {
      const client = instrument(newClient())
      await client.chat.complete({ model: 'alone', messages }, scenario('429-once'))
      await client.embeddings.create({ model: 'alone-embed', inputs: ['a'] }, scenario())
    })
    expect(await requests('alone')).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('alone'))).toBe(1)
    expect(await tokens('input', 'alone-embed', 'embeddings')).toBe(MISTRAL_EMBED_TOKENS)
  })
})
