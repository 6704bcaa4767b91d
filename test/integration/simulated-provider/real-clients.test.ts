import Anthropic from '@anthropic-ai/sdk'
import OpenAI, { AzureOpenAI } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'

// The simulated provider must be indistinguishable from the real APIs for the real clients.
describe('the simulated provider with the real openai and anthropic clients', () => {
  let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
  let openai: OpenAI
  let anthropic: Anthropic
  const usage = { input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 5 }
  const headers = { 'x-sim-usage': JSON.stringify(usage) }
  beforeAll(async () => {
    provider = await startSimulatedProvider()
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1`, maxRetries: 2 })
    anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: provider.url, maxRetries: 2 })
  })
  afterAll(async () => {
    await provider.close()
  })

  it('answers chat completions with OpenAI usage fields', async () => {
    const res = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      { headers },
    )
    expect(res.choices[0]!.message.content).toMatch(/simulated answer/)
    expect(res.usage).toMatchObject({
      prompt_tokens: 130,
      completion_tokens: 20,
      prompt_tokens_details: { cached_tokens: 30 },
    })
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBe(5)
  })

  it('streams chat chunks, with a usage chunk only when include_usage is set', async () => {
    const plain = await openai.chat.completions.create(
      { model: 'm', messages: [], stream: true },
      { headers: { ...headers, 'x-sim-chunks': '4' } },
    )
    const seen = []
    for await (const chunk of plain) seen.push(chunk)
    expect(seen.filter((c) => c.choices[0]?.delta?.content).length).toBe(4)
    expect(seen.some((c) => c.usage)).toBe(false)
    const withUsage = await openai.chat.completions.create(
      { model: 'm', messages: [], stream: true, stream_options: { include_usage: true } },
      { headers },
    )
    let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined
    for await (const chunk of withUsage) last = chunk
    expect(last?.choices).toEqual([])
    expect(last?.usage?.prompt_tokens).toBe(130)
  })

  it('serves the Responses API, plain and streamed', async () => {
    const res = await openai.responses.create({ model: 'gpt-4.1', input: 'hi' }, { headers })
    expect(res.output_text).toMatch(/simulated answer/)
    expect(res.usage).toMatchObject({ input_tokens: 130, output_tokens: 20 })
    const stream = await openai.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true }, { headers })
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types[0]).toBe('response.created')
    expect(types.at(-1)).toBe('response.completed')
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBe(5)
  })

  it('serves embeddings and Azure deployments', async () => {
    const emb = await openai.embeddings.create(
      { model: 'text-embedding-3-small', input: ['a', 'b'] },
      { headers },
    )
    expect(emb.data).toHaveLength(2)
    expect(emb.usage.prompt_tokens).toBe(100)
    const azure = new AzureOpenAI({
      apiKey: 'k',
      endpoint: provider.url,
      apiVersion: '2024-10-21',
      deployment: 'prod-chat',
    })
    const res = await azure.chat.completions.create({ model: 'gpt-4o', messages: [] })
    expect(res.choices[0]!.message.content).toMatch(/simulated/)
  })

  it('answers Anthropic messages plain, streamed and through messages.stream()', async () => {
    const params = {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'hi' }],
    }
    const msg = await anthropic.messages.create(params, { headers })
    expect(msg.usage).toMatchObject({
      input_tokens: 100,
      output_tokens: 20,
      cache_read_input_tokens: 30,
      cache_creation_input_tokens: 7,
    })
    const stream = await anthropic.messages.create({ ...params, stream: true }, { headers })
    const events: string[] = []
    for await (const e of stream) events.push(e.type)
    expect(events[0]).toBe('message_start')
    expect(events.at(-1)).toBe('message_stop')
    const texts: string[] = []
    const final = await anthropic.messages
      .stream(params, { headers })
      .on('text', (t) => texts.push(t))
      .finalMessage()
    expect(texts.join('')).toBe((final.content[0] as { text: string }).text)
    expect(final.usage.output_tokens).toBe(20)
  })

  it('fails attempts while asked to, and the clients retry to success', async () => {
    const before = provider.stats.attempts.length
    const res = await openai.chat.completions.create(
      { model: 'm', messages: [] },
      { headers: { 'x-sim-fault': '429', 'x-sim-fault-attempts': '2' } },
    )
    expect(res.choices).toHaveLength(1)
    expect(provider.stats.attempts.slice(before)).toEqual([0, 1, 2])
  })

  it("maps faults onto the clients' own error classes", async () => {
    const opts = (fault: string) => ({ headers: { 'x-sim-fault': fault }, maxRetries: 0 })
    await expect(
      openai.chat.completions.create({ model: 'm', messages: [] }, opts('401')),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    await expect(
      openai.chat.completions.create({ model: 'm', messages: [] }, opts('context_length')),
    ).rejects.toMatchObject({
      status: 400,
      code: 'context_length_exceeded',
    })
    await expect(
      anthropic.messages.create({ model: 'c', max_tokens: 5, messages: [] }, opts('529')),
    ).rejects.toMatchObject({ status: 529 })
    await expect(
      openai.chat.completions.create({ model: 'm', messages: [] }, { ...opts('timeout'), timeout: 200 }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
    const cut = await openai.chat.completions.create(
      { model: 'm', messages: [], stream: true },
      opts('cut_stream'),
    )
    await expect(
      (async () => {
        for await (const _ of cut) {
        }
      })(),
    ).rejects.toThrow()
  })
})
