import * as ollamaModule from 'ollama'
import { Ollama } from 'ollama'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { patchOllamaExports, unpatchOllamaExports } from '../../../src/instrumentations/ollama/patch.js'
import { isSdkPatched } from '../../../src/instrumentations/shared/sdk-patched.js'
import { createPricer } from '../../../src/pricing/index.js'
import type { RecorderParts } from '../../../src/recording/ports.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { EVAL_TOKENS, type OllamaWire, PROMPT_TOKENS, startOllamaWire } from '../../support/ollama-wire.js'
import { expectUsd } from '../../unit/pricing/expect-usd.js'

let wire: OllamaWire
let h: Harness | undefined
const messages = [{ role: 'user', content: 'hello' }]

const base = (model: string, operation = 'chat') => ({
  'gen_ai.operation.name': operation,
  'gen_ai.provider.name': 'ollama',
  'gen_ai.request.model': model,
})
const full = (model: string, operation = 'chat') => ({
  ...base(model, operation),
  'gen_ai.response.model': model,
  'server.address': '127.0.0.1',
  'server.port': wire.port,
})
const failed = (model: string, type: string, operation = 'chat') => ({
  ...base(model, operation),
  'error.type': type,
})
const tokens = (model: string, type: string, operation = 'chat') =>
  h!.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })

function harness(parts: RecorderParts = {}): Harness {
  h = createHarness(parts)
  return h
}
const client = () => new Ollama({ host: wire.url })

/** Runs `fn` with llmeter's patch removed: the reference behaviour of the bare SDK. */
async function withoutLlmeter<T>(fn: () => Promise<T>): Promise<T> {
  unpatchOllamaExports(ollamaModule)
  try {
    return await fn()
  } finally {
    patchOllamaExports(ollamaModule, defaultRecorder)
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const lines: unknown[] = []
  for await (const line of stream) lines.push(line)
  return lines
}

const withoutTime = (value: unknown) => JSON.parse(JSON.stringify(value))

beforeAll(async () => {
  wire = await startOllamaWire()
  patchOllamaExports(ollamaModule, defaultRecorder)
})
afterAll(async () => {
  unpatchOllamaExports(ollamaModule)
  await wire.close()
})
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('ollama chat and generate, plain', () => {
  it('chat: exact tokens from prompt_eval_count and eval_count, one duration sample, the same response as the bare SDK', async () => {
    const h = harness()
    const res = await client().chat({ model: 'llama3.2', messages })
    const bare = await withoutLlmeter(() => client().chat({ model: 'llama3.2', messages }))
    expect(withoutTime(res)).toEqual(withoutTime(bare))
    expect(res.message.content).toBe('hello there')
    expect(await h.value('llmeter.llm.requests', base('llama3.2'))).toBe(1)
    expect(await tokens('llama3.2', 'input')).toBe(PROMPT_TOKENS)
    expect(await tokens('llama3.2', 'output')).toBe(EVAL_TOKENS)
    expect((await h.histogram('gen_ai.client.operation.duration', full('llama3.2')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('llama3.2'))).toBe(0)
  })

  it('generate: a text completion with the same counts', async () => {
    const h = harness()
    const res = await client().generate({ model: 'gen', prompt: 'hi' })
    expect(res.response).toBe('hello there')
    expect(await h.value('llmeter.llm.requests', base('gen', 'text_completion'))).toBe(1)
    expect(await tokens('gen', 'input', 'text_completion')).toBe(PROMPT_TOKENS)
    expect(await tokens('gen', 'output', 'text_completion')).toBe(EVAL_TOKENS)
    expect(
      (await h.histogram('gen_ai.client.operation.duration', full('gen', 'text_completion')))?.count,
    ).toBe(1)
  })

  it('embed: an embeddings call whose prompt_eval_count is its input', async () => {
    const h = harness()
    const res = await client().embed({ model: 'nomic-embed-text', input: 'hello' })
    expect(res.embeddings).toEqual([[0.1, 0.2]])
    expect(await h.value('llmeter.llm.requests', base('nomic-embed-text', 'embeddings'))).toBe(1)
    expect(await tokens('nomic-embed-text', 'input', 'embeddings')).toBe(PROMPT_TOKENS)
    expect(await tokens('nomic-embed-text', 'output', 'embeddings')).toBeUndefined()
  })

  it('is unpriced without a price, and priced exactly from a user price table entry for the ollama model', async () => {
    let h = harness()
    await client().chat({ model: 'llama3.2', messages })
    expect(await h.value('llmeter.llm.unpriced', base('llama3.2'))).toBe(1)
    await h.close()
    const { pricer, problems } = createPricer({ prices: { 'ollama:llama3.2': { input: 0.1, output: 0.4 } } })
    expect(problems).toEqual([])
    h = harness({ pricer })
    await client().chat({ model: 'llama3.2', messages })
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...base('llama3.2'), 'llmeter.cost.type': type })
    expectUsd(await cost('input'), (PROMPT_TOKENS * 0.1) / 1e6)
    expectUsd(await cost('output'), (EVAL_TOKENS * 0.4) / 1e6)
    expect(await h.value('llmeter.llm.unpriced', base('llama3.2'))).toBeUndefined()
  })
})

describe('ollama errors', () => {
  it('a 429 is one rate_limit call and one rate limit (ollama-js does not retry); the host gets the same ResponseError', async () => {
    const h = harness()
    wire.behave('busy', { status: 429 })
    const ours = (await client()
      .chat({ model: 'busy', messages })
      .catch((e: unknown) => e)) as { name: string; status_code: number; message: string }
    const bare = (await withoutLlmeter(() => client().chat({ model: 'busy', messages })).catch(
      (e: unknown) => e,
    )) as typeof ours
    expect([ours.name, ours.status_code, ours.message]).toEqual([bare.name, bare.status_code, bare.message])
    expect(ours.status_code).toBe(429)
    expect(await h.value('llmeter.llm.requests', failed('busy', 'rate_limit'))).toBe(1)
    expect(
      await h.value('llmeter.llm.rate_limits', {
        'gen_ai.provider.name': 'ollama',
        'gen_ai.request.model': 'busy',
        'server.address': '127.0.0.1',
      }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('busy'))).toBe(0)
  })

  it('a 500 is one server_error call', async () => {
    const h = harness()
    wire.behave('broken', { status: 500 })
    const error = (await client()
      .generate({ model: 'broken', prompt: 'x' })
      .catch((e: unknown) => e)) as { status_code: number }
    expect(error.status_code).toBe(500)
    expect(await h.value('llmeter.llm.requests', failed('broken', 'server_error', 'text_completion'))).toBe(1)
  })
})

describe('ollama streams', () => {
  it('chat stream: the host sees the same lines as the bare SDK; usage from the done line; time to first chunk', async () => {
    const h = harness()
    wire.behave('streamy', { chunks: 5 })
    const ours = await readAll(await client().chat({ model: 'streamy', messages, stream: true }))
    const bare = await withoutLlmeter(async () =>
      readAll(await client().chat({ model: 'streamy', messages, stream: true })),
    )
    expect(withoutTime(ours)).toEqual(withoutTime(bare))
    expect(ours).toHaveLength(6)
    expect(await h.value('llmeter.llm.requests', base('streamy'))).toBe(1)
    expect(await tokens('streamy', 'input')).toBe(PROMPT_TOKENS)
    expect(await tokens('streamy', 'output')).toBe(EVAL_TOKENS)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('streamy')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('streamy')))?.count).toBe(
      1,
    )
    expect((await h.histogram('gen_ai.client.operation.duration', full('streamy')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('streamy'))).toBe(0)
  })

  it('generate stream: the same, as a text completion', async () => {
    const h = harness()
    const lines = await readAll(await client().generate({ model: 'gs', prompt: 'x', stream: true }))
    expect(lines).toHaveLength(4)
    expect(await tokens('gs', 'output', 'text_completion')).toBe(EVAL_TOKENS)
    expect(
      (await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('gs', 'text_completion')))
        ?.count,
    ).toBe(1)
  })

  it('a stream the host breaks out of: one cancelled call, no tokens, nothing left active', async () => {
    const h = harness()
    wire.behave('brk', { chunks: 3 })
    let seen = 0
    for await (const _ of await client().chat({ model: 'brk', messages, stream: true }))
      if (++seen === 2) break
    expect(seen).toBe(2)
    expect(await h.value('llmeter.llm.requests', failed('brk', 'cancelled'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('brk'))).toBeUndefined()
    expect(await tokens('brk', 'output')).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('brk'))).toBe(0)
  })

  it("a stream stopped with the iterator's abort(): one cancelled call; the host's loop ends as the bare SDK's does", async () => {
    const h = harness()
    wire.behave('abort', { chunks: 2, hang: true })
    const run = async () => {
      const stream = await client().chat({ model: 'abort', messages, stream: true })
      let seen = 0
      try {
        for await (const _ of stream) if (++seen === 1) stream.abort()
      } catch (error) {
        return { seen, name: (error as Error).name }
      }
      return { seen, name: 'none' }
    }
    const ours = await run()
    expect(ours).toEqual(await withoutLlmeter(run))
    expect(ours.name).toBe('AbortError')
    expect(await h.value('llmeter.llm.requests', failed('abort', 'cancelled'))).toBe(1)
    expect(await h.value('llmeter.llm.requests', failed('abort', '_OTHER'))).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', base('abort'))).toBe(0)
  })

  it('an error line inside the stream: one server_error call; the host gets the error with the server message', async () => {
    const h = harness()
    wire.behave('midway', { chunks: 2, streamError: 'model runner has unexpectedly stopped' })
    const error = await readAll(await client().chat({ model: 'midway', messages, stream: true })).catch(
      (e: Error) => e,
    )
    expect((error as Error).message).toBe('model runner has unexpectedly stopped')
    expect(await h.value('llmeter.llm.requests', failed('midway', 'server_error'))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('midway'))).toBe(0)
  })

  it('a stream cut mid-way: one network call, nothing left active', async () => {
    const h = harness()
    wire.behave('cut', { chunks: 2, cut: true })
    const error = await readAll(await client().generate({ model: 'cut', prompt: 'x', stream: true })).catch(
      (e: Error) => e,
    )
    expect(error).toBeInstanceOf(Error)
    expect(await h.value('llmeter.llm.requests', failed('cut', 'network', 'text_completion'))).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cut', 'text_completion'))).toBe(0)
  })
})

describe('instrument() on an Ollama client', () => {
  it('records once with the automatic patch also on, and the provider option names the calls', async () => {
    const h = harness()
    const { instrument } = await import('../../../src/instrumentations/instrument.js')
    const c = instrument(client(), { provider: 'my-ollama' })
    await c.chat({ model: 'named', messages })
    expect(
      await h.value('llmeter.llm.requests', { ...base('named'), 'gen_ai.provider.name': 'my-ollama' }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('named'))).toBeUndefined()
  })

  it('patches one instance when the package is not patched', async () => {
    const h = harness()
    const { instrument } = await import('../../../src/instrumentations/instrument.js')
    unpatchOllamaExports(ollamaModule)
    try {
      const c = instrument(client())
      await c.generate({ model: 'alone', prompt: 'x' })
      await client().generate({ model: 'alone', prompt: 'x' })
      expect(await h.value('llmeter.llm.requests', base('alone', 'text_completion'))).toBe(1)
    } finally {
      patchOllamaExports(ollamaModule, defaultRecorder)
    }
  })
})

describe('the ollama patch and LangChain', () => {
  it('marks ollama as patched while the package is patched, so the LangChain handler leaves ChatOllama calls to it', () => {
    expect(isSdkPatched('ollama')).toBe(true)
    unpatchOllamaExports(ollamaModule)
    expect(isSdkPatched('ollama')).toBe(false)
    patchOllamaExports(ollamaModule, defaultRecorder)
    expect(isSdkPatched('ollama')).toBe(true)
  })
})
