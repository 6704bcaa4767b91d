// cohere-ai's CohereClientV2 against a local Cohere v2 wire-format server: the automatic patch
// (applied to the V2Client module as the load hook does) and instrument(client), exact values.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { CohereClient, CohereClientV2, CohereError } from 'cohere-ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { patchCohereV2Exports, unpatchCohereV2Exports } from '../../../src/instrumentations/cohere/patch.js'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { BudgetExceededError } from '../../../src/tracking/budget-exceeded-error.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { COHERE_EMBED_TOKENS, COHERE_TEXT, startCohereServer } from '../../support/wire/cohere.js'
import type { WireServer } from '../../support/wire/server.js'

// The module that defines V2Client, which the load hook patches (not in the package's exports map).
const require = createRequire(import.meta.url)
const v2Module = require(join(dirname(require.resolve('cohere-ai')), 'api/resources/v2/client/Client.js'))

let server: WireServer
let h: Harness
let key = 0

const MODEL = 'command-r-plus'
const messages = [{ role: 'user' as const, content: 'hi' }]
const newClient = (maxRetries = 2) =>
  new CohereClientV2({ token: 'test-key', baseUrl: server.url, maxRetries })
const scenario = (name = 'ok') => ({ headers: { 'x-test-scenario': name, 'x-test-key': `c${++key}` } })

const base = (model = MODEL, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'cohere',
  'gen_ai.request.model': model,
})
const full = (model = MODEL) => ({
  ...base(model),
  'server.address': '127.0.0.1',
  'server.port': server.port,
})
const attempt = (model = MODEL) => ({
  'gen_ai.provider.name': 'cohere',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const tokens = (type: string, model = MODEL, operation = 'chat') =>
  h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })
const requests = (model = MODEL, errorType?: string, operation = 'chat') =>
  h.value('llmeter.llm.requests', { ...base(model, operation), 'error.type': errorType })

/** Runs `fn` with the V2Client prototype unpatched; clients made inside are bare. */
async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchCohereV2Exports(v2Module)
  try {
    return await fn()
  } finally {
    patchCohereV2Exports(v2Module, defaultRecorder)
  }
}

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const event of stream) out.push(event)
  return out
}

const text = (events: any[]) =>
  events
    .filter((e) => e.type === 'content-delta')
    .map((e) => e.delta.message.content.text)
    .join('')

beforeAll(async () => {
  server = await startCohereServer()
  patchCohereV2Exports(v2Module, defaultRecorder)
})
afterAll(async () => {
  unpatchCohereV2Exports(v2Module)
  await server.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('cohere chat', () => {
  it('records the processed tokens (not the billed units), one duration sample and the exact cost', async () => {
    const res = await newClient().chat({ model: MODEL, messages }, scenario())
    expect(res.usage?.tokens?.inputTokens).toBe(140)
    expect(res.usage?.billedUnits?.inputTokens).toBe(100)
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(140)
    expect(await tokens('output')).toBe(25)
    expect((await h.histogram('gen_ai.client.operation.duration', full()))?.count).toBe(1)
    // command-r-plus: $2.50 per million input, $10 per million output.
    const cost = (type: string) => h.value('llmeter.llm.cost', { ...base(), 'llmeter.cost.type': type })
    expect(await cost('input')).toBeCloseTo(140 * 2.5e-6, 12)
    expect(await cost('output')).toBeCloseTo(25 * 10e-6, 12)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('returns what the bare SDK returns, withRawResponse() included', async () => {
    const ours = await newClient().chat({ model: MODEL, messages }, scenario())
    const bare = await withoutLlmeter(() => newClient().chat({ model: MODEL, messages }, scenario()))
    expect(ours).toEqual(bare)
    const { data, rawResponse } = await newClient()
      .chat({ model: 'raw', messages }, scenario())
      .withRawResponse()
    expect(rawResponse.status).toBe(200)
    expect(data.usage?.tokens?.outputTokens).toBe(25)
    // llmeter reads the parsed body a few promise jobs after the host's withRawResponse(): let them run.
    for (let i = 0; i < 50 && (await requests('raw')) !== 1; i++) await new Promise((r) => setImmediate(r))
    expect(await requests('raw')).toBe(1)
  })

  it('prices command-a from the catalog', async () => {
    await newClient().chat({ model: 'command-a-03-2025', messages }, scenario())
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...base('command-a-03-2025'), 'llmeter.cost.type': type })
    expect(await cost('input')).toBeCloseTo(140 * 2.5e-6, 12)
    expect(await cost('output')).toBeCloseTo(25 * 10e-6, 12)
  })
})

describe('cohere v1 client', () => {
  it('records the v2 methods reached through CohereClient().v2 (the same V2Client prototype)', async () => {
    const client = new CohereClient({ token: 'test-key', baseUrl: server.url })
    await client.v2.chat({ model: 'via-v1', messages }, scenario())
    expect(await requests('via-v1')).toBe(1)
    expect(await tokens('output', 'via-v1')).toBe(25)
  })
})

describe('cohere chatStream', () => {
  it('records usage from message-end, time to first content delta and per chunk; events unchanged', async () => {
    const events = await readAll(await newClient().chatStream({ model: MODEL, messages }, scenario()))
    const bare = await withoutLlmeter(async () =>
      readAll(await newClient().chatStream({ model: MODEL, messages }, scenario())),
    )
    expect(events).toEqual(bare)
    expect(events.map((e) => e.type)).toEqual([
      'message-start',
      'content-start',
      'content-delta',
      'content-delta',
      'content-delta',
      'content-end',
      'message-end',
    ])
    expect(text(events)).toBe(COHERE_TEXT.join(''))
    expect(await requests()).toBe(1)
    expect(await tokens('input')).toBe(140)
    expect(await tokens('output')).toBe(25)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full()))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full()))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base())).toBe(0)
  })

  it('records a stream the caller breaks out of as one cancelled call', async () => {
    const stream = await newClient().chatStream({ model: 'brk', messages }, scenario('hold'))
    for await (const event of stream) if (event.type === 'content-delta') break
    expect(await requests('brk', 'cancelled')).toBe(1)
    expect(await requests('brk')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('brk')))?.count).toBe(1)
  })

  it('fails a stream cut mid-way as network, with the error the bare SDK throws', async () => {
    const run = async (client: CohereClientV2) => {
      const stream = await client.chatStream({ model: 'cut', messages }, scenario('stream-cut'))
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
    expect(await requests('cut', 'network')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })

  it('fails a generation that ends with finish_reason ERROR as server_error; the host sees the event', async () => {
    const events = await readAll(
      await newClient().chatStream({ model: 'serr', messages }, scenario('stream-error')),
    )
    const end = events.at(-1) as any
    expect(end.type).toBe('message-end')
    expect(end.delta.finishReason).toBe('ERROR')
    expect(await requests('serr', 'server_error')).toBe(1)
    expect(await requests('serr')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('serr'))).toBe(0)
  })
})

describe('cohere embed', () => {
  it('records the input tokens (billed units: embed reports no processed count) and prices them', async () => {
    const res = await newClient().embed(
      { model: 'embed-v4.0', texts: ['a', 'b'], inputType: 'search_document', embeddingTypes: ['float'] },
      scenario(),
    )
    expect(res.embeddings.float).toHaveLength(2)
    expect(await requests('embed-v4.0', undefined, 'embeddings')).toBe(1)
    expect(await tokens('input', 'embed-v4.0', 'embeddings')).toBe(COHERE_EMBED_TOKENS)
    expect(await tokens('output', 'embed-v4.0', 'embeddings')).toBeUndefined()
    // embed-v4.0: $0.12 per million input tokens.
    const cost = await h.value('llmeter.llm.cost', {
      ...base('embed-v4.0', 'embeddings'),
      'llmeter.cost.type': 'input',
    })
    expect(cost).toBeCloseTo(COHERE_EMBED_TOKENS * 0.12e-6, 15)
  })
})

describe('cohere retries and errors', () => {
  it('counts a 429 with retry-after that the SDK retries (by default), and the call that then succeeds', async () => {
    await newClient().chat({ model: MODEL, messages }, scenario('429-once'))
    expect(await h.value('llmeter.llm.rate_limits', attempt())).toBe(1)
    expect(await h.value('llmeter.llm.retries', { ...attempt(), 'llmeter.retry.reason': 'rate_limit' })).toBe(
      1,
    )
    expect(await requests()).toBe(1)
    expect(await requests(MODEL, 'rate_limit')).toBeUndefined()
    expect(await tokens('input')).toBe(140)
  })

  it('counts every attempt of a 5xx the SDK retries, and fails the call as server_error like the bare SDK', async () => {
    const run = (client: CohereClientV2) =>
      client.chat({ model: 'err', messages }, { ...scenario('500'), maxRetries: 1 }).then(
        () => undefined,
        (e: unknown) => e as CohereError,
      )
    const ours = await run(newClient())
    const bare = await withoutLlmeter(() => run(newClient()))
    expect(ours).toBeInstanceOf(CohereError)
    expect(ours?.constructor).toBe(bare?.constructor)
    expect(ours?.statusCode).toBe(500)
    expect(ours?.message).toBe(bare?.message)
    expect(await requests('err', 'server_error')).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('err'), 'llmeter.retry.reason': 'server_error' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('err'))).toBe(0)
  })

  it('records a 429 it is not allowed to retry as rate_limit', async () => {
    await expect(newClient(0).chat({ model: 'noretry', messages }, scenario('429-once'))).rejects.toThrow()
    expect(await requests('noretry', 'rate_limit')).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('noretry'))).toBe(1)
  })
})

describe('cohere with a broken recorder', () => {
  it('changes nothing for the host when every instrument throws', async () => {
    for (const instrument of Object.values(h.recorder.instruments) as unknown as Record<string, unknown>[]) {
      for (const method of ['add', 'record']) {
        if (typeof instrument[method] === 'function')
          instrument[method] = () => {
            throw new Error('recorder broke')
          }
      }
    }
    const res = await newClient().chat({ model: MODEL, messages }, scenario('429-once'))
    expect(res.usage?.tokens?.outputTokens).toBe(25)
    const events = await readAll(await newClient().chatStream({ model: MODEL, messages }, scenario()))
    expect(text(events)).toBe(COHERE_TEXT.join(''))
  })
})

describe('cohere and budgets', () => {
  it('refuses a call an enforced budget blocks, without sending it; withRawResponse() rejects the same', async () => {
    await h.close()
    h = createHarness({
      budgets: {
        exhausted: () => [{ name: 'monthly', enforced: true, limitUsd: 1, spendUsd: 1.5 }],
        add: () => {},
      },
    })
    const before = server.hits('/v2/chat')
    const error = await newClient()
      .chat({ model: 'blocked', messages }, scenario())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BudgetExceededError)
    const raw = await newClient()
      .chatStream({ model: 'blocked', messages }, scenario())
      .withRawResponse()
      .catch((e: unknown) => e)
    expect(raw).toBeInstanceOf(BudgetExceededError)
    expect(server.hits('/v2/chat')).toBe(before)
    expect(await requests('blocked', 'budget_exceeded')).toBe(2)
  })
})

describe('instrument(client) on cohere-ai', () => {
  it('records calls of an explicitly instrumented client, once when the automatic patch is on too', async () => {
    const client = instrument(newClient())
    await client.chat({ model: 'explicit', messages }, scenario())
    await readAll(await client.chatStream({ model: 'explicit', messages }, scenario()))
    expect(await requests('explicit')).toBe(2)
    expect(await tokens('output', 'explicit')).toBe(50)
  })

  it('records an explicitly instrumented client without the automatic patch, its retried 429 included', async () => {
    await withoutLlmeter(async () => {
      const client = instrument(newClient())
      await client.chat({ model: 'alone', messages }, scenario('429-once'))
      await client.embed(
        { model: 'alone-embed', texts: ['a'], inputType: 'search_query', embeddingTypes: ['float'] },
        scenario(),
      )
    })
    expect(await requests('alone')).toBe(1)
    expect(await h.value('llmeter.llm.rate_limits', attempt('alone'))).toBe(1)
    expect(await tokens('input', 'alone-embed', 'embeddings')).toBe(COHERE_EMBED_TOKENS)
  })
})
