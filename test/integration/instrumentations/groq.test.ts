import Groq, * as groqModule from 'groq-sdk'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { patchGroqExports, unpatchGroqExports } from '../../../src/instrumentations/groq/patch.js'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { isSdkPatched } from '../../../src/instrumentations/shared/sdk-patched.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { type GroqWire, startGroqWire, USAGE } from '../../support/groq-wire.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectUsd } from '../../unit/pricing/expect-usd.js'

let wire: GroqWire
let h: Harness
const messages = [{ role: 'user' as const, content: 'hello' }]
const MODEL = 'llama-3.3-70b-versatile'

const base = (model: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'groq',
  'gen_ai.request.model': model,
})
const full = (model: string) => ({
  ...base(model),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': wire.port,
})
const attempt = (model: string) => ({
  'gen_ai.provider.name': 'groq',
  'gen_ai.request.model': model,
  'server.address': '127.0.0.1',
})
const failed = (model: string, type: string) => ({ ...base(model), 'error.type': type })
const tokens = (model: string, type: string) =>
  h.value('llmeter.llm.tokens', { ...base(model), 'gen_ai.token.type': type })
const client = (maxRetries = 2) => new Groq({ apiKey: 'gsk-test', baseURL: wire.url, maxRetries })

async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchGroqExports(groqModule)
  try {
    return await fn()
  } finally {
    patchGroqExports(groqModule, defaultRecorder)
  }
}

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}

beforeAll(async () => {
  wire = await startGroqWire()
  patchGroqExports(groqModule, defaultRecorder)
})
afterAll(async () => {
  unpatchGroqExports(groqModule)
  await wire.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('groq chat.completions.create, plain', () => {
  it('records exact tokens and the catalog cost of the Groq model; the host gets the same response as the bare SDK', async () => {
    const res = await client().chat.completions.create({ model: MODEL, messages })
    const bare = await withoutLlmeter(() => client().chat.completions.create({ model: MODEL, messages }))
    expect(res).toEqual(bare)
    expect(await h.value('llmeter.llm.requests', base(MODEL))).toBe(1)
    expect(await tokens(MODEL, 'input')).toBe(USAGE.prompt_tokens)
    expect(await tokens(MODEL, 'output')).toBe(USAGE.completion_tokens)
    // llama-3.3-70b-versatile on Groq: $0.59 per 1M input tokens, $0.79 per 1M output tokens.
    const cost = (type: string) => h.value('llmeter.llm.cost', { ...base(MODEL), 'llmeter.cost.type': type })
    expectUsd(await cost('input'), (1200 * 0.59) / 1e6)
    expectUsd(await cost('output'), (300 * 0.79) / 1e6)
    expect((await h.histogram('gen_ai.client.operation.duration', full(MODEL)))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base(MODEL))).toBe(0)
  })
})

describe('groq streams', () => {
  it('usage from x_groq.usage of the last chunk; the host sees the same chunks as the bare SDK; time to first chunk', async () => {
    wire.behave('stream', { chunks: 4 })
    const ours = await readAll(
      await client().chat.completions.create({ model: 'stream', messages, stream: true }),
    )
    const bare = await withoutLlmeter(async () =>
      readAll(await client().chat.completions.create({ model: 'stream', messages, stream: true })),
    )
    expect(ours).toEqual(bare)
    expect(ours).toHaveLength(6)
    expect(await tokens('stream', 'input')).toBe(1200)
    expect(await tokens('stream', 'output')).toBe(300)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('usage at the top level of the last chunk is read too', async () => {
    wire.behave('top', { topLevelUsage: true })
    await readAll(await client().chat.completions.create({ model: 'top', messages, stream: true }))
    expect(await tokens('top', 'input')).toBe(1200)
    expect(await tokens('top', 'output')).toBe(300)
  })

  it('a stream the host breaks out of: one cancelled call, nothing left active', async () => {
    wire.behave('brk', { chunks: 5 })
    let seen = 0
    for await (const _ of await client().chat.completions.create({ model: 'brk', messages, stream: true }))
      if (++seen === 2) break
    expect(await h.value('llmeter.llm.requests', failed('brk', 'cancelled'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await tokens('brk', 'output')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it('an error event inside the stream: the SDK throws it and the call fails by its type', async () => {
    wire.behave('tool', { streamError: { type: 'invalid_request_error', code: 'tool_use_failed' } })
    const error = await readAll(
      await client().chat.completions.create({ model: 'tool', messages, stream: true }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Groq.APIError)
    expect(await h.value('llmeter.llm.requests', failed('tool', 'invalid_request'))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('tool'))).toBe(0)
  })

  it('a last chunk with x_groq.error (a stream the server stopped early) fails the call with that reason', async () => {
    wire.behave('early', { stoppedBy: 'over_capacity' })
    const chunks = await readAll(
      await client().chat.completions.create({ model: 'early', messages, stream: true }),
    )
    expect(chunks).toHaveLength(5)
    expect(await h.value('llmeter.llm.requests', failed('early', '_OTHER'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('early'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('early'))).toBe(0)
  })

  it('a stream cut mid-way: one network call', async () => {
    wire.behave('cut', { chunks: 2, cut: true })
    const error = await readAll(
      await client().chat.completions.create({ model: 'cut', messages, stream: true }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(await h.value('llmeter.llm.requests', failed('cut', 'network'))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cut'))).toBe(0)
  })
})

describe('groq retries and errors', () => {
  it('a 429 with retry-after the SDK retries: one rate limit, one retry by rate_limit, one successful call', async () => {
    wire.behave('limited', { status: 429, failures: 1 })
    const res = await client().chat.completions.create({ model: 'limited', messages })
    expect(res.usage?.prompt_tokens).toBe(1200)
    expect(wire.attempts.limited).toBe(2)
    expect(await h.value('llmeter.llm.rate_limits', attempt('limited'))).toBe(1)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('limited'), 'llmeter.retry.reason': 'rate_limit' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('limited'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', failed('limited', 'rate_limit'))).toBeUndefined()
  })

  it('a 500 on every attempt: each retry counted by server_error, one server_error call, the same rejection as the bare SDK', async () => {
    wire.behave('down', { status: 500 })
    const ours = (await client(1)
      .chat.completions.create({ model: 'down', messages })
      .catch((e: unknown) => e)) as InstanceType<typeof Groq.APIError>
    const bare = (await withoutLlmeter(() =>
      client(1).chat.completions.create({ model: 'down', messages }),
    ).catch((e: unknown) => e)) as typeof ours
    expect([ours.constructor, ours.status, ours.message]).toEqual([
      bare.constructor,
      bare.status,
      bare.message,
    ])
    expect(ours).toBeInstanceOf(Groq.InternalServerError)
    expect(wire.attempts.down).toBe(4)
    expect(
      await h.value('llmeter.llm.retries', { ...attempt('down'), 'llmeter.retry.reason': 'server_error' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', failed('down', 'server_error'))).toBe(1)
  })
})

describe('instrument() on a Groq client', () => {
  it('is recognised as groq (not as an OpenAI-shaped client) and records its calls once', async () => {
    unpatchGroqExports(groqModule)
    try {
      const c = instrument(client())
      await c.chat.completions.create({ model: 'explicit', messages })
      expect(await h.value('llmeter.llm.requests', base('explicit'))).toBe(1)
      expect(
        await h.value('llmeter.llm.requests', { ...base('explicit'), 'gen_ai.provider.name': 'openai' }),
      ).toBeUndefined()
    } finally {
      patchGroqExports(groqModule, defaultRecorder)
    }
  })
})

describe('the groq patch and LangChain', () => {
  it('marks groq as patched while the package is patched, so the LangChain handler leaves ChatGroq calls to it', () => {
    expect(isSdkPatched('groq')).toBe(true)
    unpatchGroqExports(groqModule)
    expect(isSdkPatched('groq')).toBe(false)
    patchGroqExports(groqModule, defaultRecorder)
    expect(isSdkPatched('groq')).toBe(true)
  })
})
