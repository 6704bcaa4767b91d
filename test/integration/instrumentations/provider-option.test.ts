// An openai client pointed at a server llmeter cannot recognise by its host (127.0.0.1 on a random
// port: a vLLM box, a gateway): every llmeter metric of its calls carries the provider the app
// named, through the configuration (`providers`, given to start()) or instrument()'s option.
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrument } from '../../../src/instrumentations/instrument.js'
import { shutdown, start } from '../../../src/sdk/start.js'
import { type GroqWire, startGroqWire } from '../../support/groq-wire.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectUsd } from '../../unit/pricing/expect-usd.js'

let wire: GroqWire
let h: Harness
const messages = [{ role: 'user' as const, content: 'hello' }]
const MODEL = 'served-model'

const counters = (provider: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': provider,
  'gen_ai.request.model': MODEL,
})
const newClient = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${wire.url}/openai/v1`, maxRetries: 0 })

async function expectProvider(provider: string): Promise<void> {
  expect(await h.value('llmeter.llm.requests', counters(provider))).toBe(1)
  const tokens = (type: string) =>
    h.value('llmeter.llm.tokens', { ...counters(provider), 'gen_ai.token.type': type })
  expect(await tokens('input')).toBe(1200)
  expect(await tokens('output')).toBe(300)
  const duration = await h.histogram('gen_ai.client.operation.duration', {
    ...counters(provider),
    'gen_ai.response.model': MODEL,
    'server.address': '127.0.0.1',
    'server.port': wire.port,
  })
  expect(duration?.count).toBe(1)
  expect(await h.value('llmeter.llm.requests', counters('openai'))).toBeUndefined()
}

async function startWith(providers: Record<string, string>): Promise<void> {
  await start({
    meterProvider: h.provider,
    exporters: ['none'],
    instrumentClients: false,
    httpMetrics: false,
    runtimeMetrics: false,
    flushOnExit: false,
    providers,
    prices: { [`vllm:${MODEL}`]: { input: 1, output: 2 }, [`sglang:${MODEL}`]: { input: 3, output: 4 } },
  })
}

beforeAll(async () => {
  wire = await startGroqWire()
})
afterAll(async () => {
  await wire.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await shutdown()
  await h.close()
})

describe('an openai client at a host llmeter cannot guess', () => {
  it('records as openai when the app names nothing', async () => {
    await instrument(newClient()).chat.completions.create({ model: MODEL, messages })
    expect(await h.value('llmeter.llm.requests', counters('openai'))).toBe(1)
  })

  it('takes the provider the configuration names for host:port, on every metric, and prices it by that name', async () => {
    await startWith({ [`127.0.0.1:${wire.port}`]: 'vllm' })
    await instrument(newClient()).chat.completions.create({ model: MODEL, messages })
    await expectProvider('vllm')
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...counters('vllm'), 'llmeter.cost.type': type })
    expectUsd(await cost('input'), (1200 * 1) / 1e6)
    expectUsd(await cost('output'), (300 * 2) / 1e6)
  })

  it('takes the host alone when no host:port entry matches', async () => {
    await startWith({ '127.0.0.1': 'vllm', '127.0.0.1:1': 'other' })
    await instrument(newClient()).chat.completions.create({ model: MODEL, messages })
    await expectProvider('vllm')
  })

  it("takes instrument()'s provider over the configuration, for that client only", async () => {
    await startWith({ [`127.0.0.1:${wire.port}`]: 'vllm' })
    await instrument(newClient(), { provider: 'sglang' }).chat.completions.create({ model: MODEL, messages })
    await expectProvider('sglang')
    const cost = (type: string) =>
      h.value('llmeter.llm.cost', { ...counters('sglang'), 'llmeter.cost.type': type })
    expectUsd(await cost('input'), (1200 * 3) / 1e6)
    expectUsd(await cost('output'), (300 * 4) / 1e6)
    await instrument(newClient()).chat.completions.create({ model: MODEL, messages })
    expect(await h.value('llmeter.llm.requests', counters('vllm'))).toBe(1)
  })
})
