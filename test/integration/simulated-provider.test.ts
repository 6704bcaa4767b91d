import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../examples/simulated-provider/index.js'

// The simulated provider must be indistinguishable from the real APIs for the real clients, and do
// exactly what the x-sim-* headers ask, since llmeter's instrumentation tests rely on both.
const REPLY = 'This is a simulated answer from the llmeter demo provider, made of plain words.'
const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 5 }
const headers = { 'x-sim-usage': JSON.stringify(usage) }
const messages = [{ role: 'user' as const, content: 'hi' }]
const claude = { model: 'claude-sonnet-4-6', max_tokens: 100, messages }

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let openai: OpenAI
let anthropic: Anthropic

beforeAll(async () => {
  provider = await startSimulatedProvider()
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2, timeout: 5_000 })
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: provider.url, maxRetries: 2, timeout: 5_000 })
})
afterAll(async () => {
  await provider.close()
})
beforeEach(() => {
  provider.resetStats()
})

/** Reads a stream to its end; returns what arrived and how it ended. */
async function drain<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = []
  try {
    for await (const item of stream) items.push(item)
    return { items }
  } catch (error) {
    return { items, error }
  }
}

describe('OpenAI chat completions', () => {
  it('answers with the usage x-sim-usage names, in OpenAI fields', async () => {
    const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { headers })
    expect(res.object).toBe('chat.completion')
    expect(res.model).toBe('gpt-4o-mini')
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: REPLY })
    expect(res.choices[0]?.finish_reason).toBe('stop')
    expect(res.usage).toEqual({
      prompt_tokens: 130,
      completion_tokens: 20,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 30, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 5,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    })
  })

  it('derives usage from the prompt and the reply when no x-sim-usage is given', async () => {
    const prompt = 'a'.repeat(41) // 41 characters: ceil(41 / 4) = 11 tokens
    const res = await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: prompt }],
    })
    expect(res.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 14, total_tokens: 25 })
  })

  it('names the model x-sim-response-model gives, and the reply x-sim-reply gives', async () => {
    const res = await openai.chat.completions.create(
      { model: 'gpt-4o', messages },
      { headers: { 'x-sim-response-model': 'gpt-4o-2024-08-06', 'x-sim-reply': 'Short one.' } },
    )
    expect(res.model).toBe('gpt-4o-2024-08-06')
    expect(res.choices[0]?.message.content).toBe('Short one.')
  })

  it('streams a role delta, x-sim-chunks content deltas and a finish chunk, without usage by default', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'm', messages, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '4' } },
    )
    const { items, error } = await drain(stream)
    expect(error).toBeUndefined()
    expect(items.map((c) => c.object)).toEqual(Array(6).fill('chat.completion.chunk'))
    expect(items[0]?.choices[0]?.delta.role).toBe('assistant')
    const contents = items.slice(1, 5).map((c) => c.choices[0]?.delta.content)
    expect(contents.every((text) => typeof text === 'string' && text.length > 0)).toBe(true)
    expect(contents.join('')).toBe(REPLY)
    expect(items[5]?.choices[0]?.finish_reason).toBe('stop')
    expect(items.some((c) => 'usage' in c)).toBe(false)
  })

  it('adds the usage chunk with empty choices only when stream_options.include_usage is set', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'm', messages, stream: true, stream_options: { include_usage: true } },
      { headers },
    )
    const { items } = await drain(stream)
    const last = items.at(-1)
    expect(last?.choices).toEqual([])
    expect(last?.usage).toMatchObject({ prompt_tokens: 130, completion_tokens: 20, total_tokens: 150 })
    expect(items.slice(0, -1).every((c) => c.usage === null)).toBe(true)
  })

  it("works with the SDK's chat.completions.stream() helper", async () => {
    const final = await openai.chat.completions
      .stream({ model: 'm', messages, stream_options: { include_usage: true } }, { headers })
      .finalChatCompletion()
    expect(final.choices[0]?.message.content).toBe(REPLY)
    expect(final.usage?.prompt_tokens).toBe(130)
  })
})

describe('OpenAI Responses API', () => {
  it('answers a response object with Responses usage fields', async () => {
    const res = await openai.responses.create({ model: 'gpt-4.1', input: 'hi' }, { headers })
    expect(res.object).toBe('response')
    expect(res.status).toBe('completed')
    expect(res.output_text).toBe(REPLY)
    expect(res.usage).toEqual({
      input_tokens: 130,
      input_tokens_details: { cached_tokens: 30, cache_write_tokens: 0 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 150,
    })
  })

  it('streams the real event sequence with rising sequence numbers', async () => {
    const stream = await openai.responses.create(
      { model: 'gpt-4.1', input: 'hi', stream: true },
      { headers: { ...headers, 'x-sim-chunks': '3' } },
    )
    const { items, error } = await drain(stream)
    expect(error).toBeUndefined()
    expect(items.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(items.map((e) => e.sequence_number)).toEqual(items.map((_, i) => i))
    const completed = items.at(-1)
    expect(completed?.type === 'response.completed' && completed.response.usage?.input_tokens).toBe(130)
  })

  it("works with the SDK's responses.stream() helper", async () => {
    const texts: string[] = []
    const final = await openai.responses
      .stream({ model: 'gpt-4.1', input: 'hi' }, { headers })
      .on('response.output_text.delta', (e) => texts.push(e.delta))
      .finalResponse()
    expect(texts.join('')).toBe(REPLY)
    expect(final.output_text).toBe(REPLY)
    expect(final.usage?.output_tokens).toBe(20)
  })
})

describe('OpenAI embeddings and Azure OpenAI', () => {
  it('answers one vector per input, the same in the SDK default (base64) and float encodings', async () => {
    const input = ['first', 'second']
    const decoded = await openai.embeddings.create({ model: 'text-embedding-3-small', input }, { headers })
    const floats = await openai.embeddings.create(
      { model: 'text-embedding-3-small', input, encoding_format: 'float' },
      { headers },
    )
    expect(decoded.data.map((d) => d.index)).toEqual([0, 1])
    expect(decoded.data[0]?.embedding).toHaveLength(8)
    expect(decoded.data.map((d) => d.embedding)).toEqual(floats.data.map((d) => d.embedding))
    expect(decoded.data[0]?.embedding).not.toEqual(decoded.data[1]?.embedding)
    expect(decoded.usage).toEqual({ prompt_tokens: 100, total_tokens: 100 })
  })

  it('counts embedding tokens per input without x-sim-usage and honours dimensions', async () => {
    const res = await openai.embeddings.create({ model: 'e', input: ['abcde', 'xy'], dimensions: 3 })
    expect(res.usage.prompt_tokens).toBe(3) // ceil(5 / 4) + ceil(2 / 4)
    expect(res.data[0]?.embedding).toHaveLength(3)
  })

  it("serves AzureOpenAI's deployment paths for chat and embeddings", async () => {
    const azure = new AzureOpenAI({
      apiKey: 'azure-key',
      endpoint: provider.url,
      apiVersion: '2024-10-21',
      deployment: 'prod-chat',
      maxRetries: 0,
    })
    const res = await azure.chat.completions.create({ model: 'gpt-4o', messages }, { headers })
    expect(res.choices[0]?.message.content).toBe(REPLY)
    expect(res.usage?.prompt_tokens).toBe(130)
    const emb = await azure.embeddings.create({ model: 'text-embedding-3-small', input: 'x' })
    expect(emb.data).toHaveLength(1)
    expect(provider.stats.requests).toEqual({
      '/openai/deployments/prod-chat/chat/completions': 1,
      '/openai/deployments/prod-chat/embeddings': 1,
    })
  })
})

describe('Anthropic messages', () => {
  it('answers with input_tokens that exclude cache reads and writes, as Anthropic reports them', async () => {
    const msg = await anthropic.messages.create(claude, { headers })
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-6' })
    expect(msg.content).toEqual([{ type: 'text', text: REPLY, citations: null }])
    expect(msg.stop_reason).toBe('end_turn')
    expect(msg.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 30,
      cache_creation_input_tokens: 7,
      output_tokens: 20,
    })
  })

  it('streams the real event sequence, with the output total in message_delta', async () => {
    const stream = await anthropic.messages.create(
      { ...claude, stream: true },
      { headers: { ...headers, 'x-sim-chunks': '3' } },
    )
    const { items, error } = await drain(stream)
    expect(error).toBeUndefined()
    expect(items.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    const start = items[0]
    expect(start?.type === 'message_start' && start.message.usage.input_tokens).toBe(100)
    const delta = items[6]
    expect(delta?.type === 'message_delta' && [delta.delta.stop_reason, delta.usage.output_tokens]).toEqual([
      'end_turn',
      20,
    ])
  })

  it("works with messages.stream(): on('text') pieces add up to finalMessage()", async () => {
    const texts: string[] = []
    const final = await anthropic.messages
      .stream(claude, { headers: { ...headers, 'x-sim-chunks': '6' } })
      .on('text', (text) => texts.push(text))
      .finalMessage()
    expect(texts).toHaveLength(6)
    expect(texts.join('')).toBe(REPLY)
    expect(final.content).toEqual([{ type: 'text', text: REPLY, citations: null }])
    expect(final.usage).toMatchObject({ input_tokens: 100, cache_read_input_tokens: 30, output_tokens: 20 })
  })

  it('counts tokens at /v1/messages/count_tokens', async () => {
    const res = await anthropic.messages.countTokens(
      { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'twelve chars' }] },
      { maxRetries: 0 },
    )
    expect(res.input_tokens).toBe(3)
  })
})

describe('faults chosen by header', () => {
  it("fails while x-stainless-retry-count < x-sim-fault-attempts, then the SDK's retry succeeds", async () => {
    const res = await openai.chat.completions.create(
      { model: 'm', messages },
      { headers: { ...headers, 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' } },
    )
    expect(res.choices[0]?.message.content).toBe(REPLY)
    expect(provider.stats.attempts).toEqual([0, 1])
    expect(provider.stats.byPath['/v1/chat/completions']).toEqual({ 429: 1, 200: 1 })
    expect(provider.stats.retryCounts).toEqual({ 0: 1, 1: 1 })
  })

  it('lets @anthropic-ai/sdk retry a 529 twice before it succeeds', async () => {
    const msg = await anthropic.messages.create(claude, {
      headers: { 'x-sim-fault': '529', 'x-sim-fault-attempts': '2', 'x-sim-retry-after': '0' },
    })
    expect(msg.content[0]?.type).toBe('text')
    expect(provider.stats.attempts).toEqual([0, 1, 2])
    expect(provider.stats.statuses).toEqual({ 529: 2, 200: 1 })
  })

  it('sends retry-after on 429 and a body in each provider shape', async () => {
    const opts = { headers: { 'x-sim-fault': '429', 'x-sim-retry-after': '3' }, maxRetries: 0 }
    const oa = await openai.chat.completions.create({ model: 'm', messages }, opts).catch((e) => e)
    expect(oa).toBeInstanceOf(OpenAI.RateLimitError)
    expect(oa.headers.get('retry-after')).toBe('3')
    expect(oa.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null })
    const an = await anthropic.messages.create(claude, opts).catch((e) => e)
    expect(an).toBeInstanceOf(Anthropic.RateLimitError)
    expect(an.headers.get('retry-after')).toBe('3')
    expect(an.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } })
  })

  it('passes x-sim-should-retry on as x-should-retry, which the SDKs obey', async () => {
    const opts = { headers: { 'x-sim-fault': '500', 'x-sim-should-retry': 'false' } }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    )
    await expect(anthropic.messages.create(claude, opts)).rejects.toBeInstanceOf(
      Anthropic.InternalServerError,
    )
    expect(provider.stats.attempts).toEqual([0, 0])
  })

  it("surfaces 401 as each SDK's AuthenticationError", async () => {
    const opts = { headers: { 'x-sim-fault': '401' } }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    )
    await expect(anthropic.messages.create(claude, opts)).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    )
    expect(provider.stats.attempts).toEqual([0, 0]) // 401 is not retried
  })

  it('answers context_length as a 400 the SDKs raise as BadRequestError', async () => {
    const opts = { headers: { 'x-sim-fault': 'context_length' } }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toMatchObject({
      constructor: OpenAI.BadRequestError,
      status: 400,
      code: 'context_length_exceeded',
    })
    await expect(anthropic.messages.create(claude, opts)).rejects.toMatchObject({
      constructor: Anthropic.BadRequestError,
      status: 400,
      message: expect.stringMatching(/prompt is too long/),
    })
  })

  it('cut_stream delivers x-sim-cut-after deltas, then the stream iteration rejects', async () => {
    const opts = { headers: { 'x-sim-fault': 'cut_stream', 'x-sim-cut-after': '2' }, maxRetries: 0 }
    const chat = await drain(
      await openai.chat.completions.create({ model: 'm', messages, stream: true }, opts),
    )
    expect(chat.error).toBeInstanceOf(Error)
    expect(chat.items.filter((c) => c.choices[0]?.delta.content)).toHaveLength(2)
    const msgs = await drain(await anthropic.messages.create({ ...claude, stream: true }, opts))
    expect(msgs.error).toBeInstanceOf(Error)
    expect(msgs.items.filter((e) => e.type === 'content_block_delta')).toHaveLength(2)
    expect(msgs.items.some((e) => e.type === 'message_stop')).toBe(false)
  })

  it('cut_stream on a plain request ends the body half-way, which the client reports', async () => {
    const opts = { headers: { 'x-sim-fault': 'cut_stream' }, maxRetries: 0 }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toBeInstanceOf(Error)
  })

  it('malformed_json makes plain calls and streams reject while parsing JSON', async () => {
    const opts = { headers: { 'x-sim-fault': 'malformed_json' }, maxRetries: 0 }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toBeInstanceOf(
      SyntaxError,
    )
    const chat = await drain(
      await openai.chat.completions.create({ model: 'm', messages, stream: true }, opts),
    )
    expect(chat.error).toBeInstanceOf(SyntaxError)
    expect(chat.items).toHaveLength(1) // the role chunk came through intact
    await expect(anthropic.messages.stream(claude, opts).finalMessage()).rejects.toMatchObject({
      constructor: Anthropic.AnthropicError,
      message: expect.stringMatching(/JSON/),
    })
    expect(provider.stats.statuses).toEqual({ 200: 3 })
  })

  it("timeout holds the answer until the client's own timeout gives up", async () => {
    await expect(
      openai.chat.completions.create(
        { model: 'm', messages },
        { headers: { 'x-sim-fault': 'timeout' }, timeout: 200, maxRetries: 0 },
      ),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
    await expect(
      anthropic.messages.create(claude, {
        headers: { 'x-sim-fault': 'timeout' },
        timeout: 200,
        maxRetries: 0,
      }),
    ).rejects.toBeInstanceOf(Anthropic.APIConnectionTimeoutError)
    expect(provider.stats.faults).toEqual({ timeout: 2 })
  })

  it('rejects an unreadable x-sim-usage with a 400 in the provider shape', async () => {
    const opts = { headers: { 'x-sim-usage': '{nope' }, maxRetries: 0 }
    await expect(openai.chat.completions.create({ model: 'm', messages }, opts)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/x-sim-usage/),
    })
    await expect(anthropic.messages.create(claude, opts)).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error' } },
    })
  })

  it('answers unknown paths with 404', async () => {
    const res = await fetch(`${provider.url}/v1/nothing-here`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
  })
})

describe('random faults for the demo', () => {
  async function statusesWith(seed: number, extra: Record<string, string> = {}) {
    const p = await startSimulatedProvider({ seed, faults: { rateLimit: 0.3, serverError: 0.3 } })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${p.url}/v1/chat/completions`, {
          method: 'POST',
          headers: extra,
          body: JSON.stringify({ model: 'm', messages }),
        })
        await res.arrayBuffer()
        statuses.push(res.status)
      }
      return statuses
    } finally {
      await p.close()
    }
  }

  it('draws 429s and 500s at the given rates, the same ones for the same seed', async () => {
    const first = await statusesWith(7)
    expect(await statusesWith(7)).toEqual(first)
    expect(new Set(first)).toEqual(new Set([200, 429, 500]))
    expect(await statusesWith(8)).not.toEqual(first)
  })

  it('never overrides a fault (or its absence) chosen by x-sim-fault', async () => {
    const statuses = await statusesWith(7, { 'x-sim-fault': '429', 'x-sim-fault-attempts': '0' })
    expect(new Set(statuses)).toEqual(new Set([200]))
  })
})

describe('process lifetime', () => {
  it('does not keep its process alive, even with a request held by the timeout fault', async () => {
    const entry = fileURLToPath(new URL('../../examples/simulated-provider/index.js', import.meta.url))
    const script = `
      import { connect } from 'node:net'
      import { startSimulatedProvider } from ${JSON.stringify(entry)}
      let socket
      const p = await startSimulatedProvider({
        onRequest: () => { socket.unref(); console.log('held') },
      })
      socket = connect(p.port, '127.0.0.1', () => {
        socket.write('POST /v1/chat/completions HTTP/1.1\\r\\nhost: x\\r\\nx-sim-fault: timeout\\r\\n' +
          'content-type: application/json\\r\\ncontent-length: 2\\r\\n\\r\\n{}')
      })
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)))
    clearTimeout(killer)
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'held' })
  })
})
