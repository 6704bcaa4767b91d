// ollama at the low and the high end of SUPPORTED_OLLAMA_VERSIONS: the real client of each version,
// patched through its module exports as the load hook does, against a local Ollama wire server.
import * as ollamaHigh from 'ollama'
import * as ollamaLow from 'ollama-low'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SUPPORTED_OLLAMA_VERSIONS } from '../../src/instrumentations/ollama/index.js'
import { patchOllamaExports, unpatchOllamaExports } from '../../src/instrumentations/ollama/patch.js'
import { defaultRecorder } from '../../src/recording/registry.js'
import { createHarness, type Harness } from '../support/harness.js'
import { EVAL_TOKENS, type OllamaWire, PROMPT_TOKENS, startOllamaWire } from '../support/ollama-wire.js'
import { expectDeclared, installedVersion, MATRIX, readAll } from './support/matrix.js'

const rows = [
  { end: 'low', name: MATRIX.ollama.low, module: ollamaLow as any },
  { end: 'high', name: MATRIX.ollama.high, module: ollamaHigh as any },
].map((row) => ({ ...row, version: installedVersion(row.name) }))

const messages = [{ role: 'user', content: 'hello' }]

describe.each(rows)('ollama $version ($end end, $name)', ({ module, version }) => {
  let wire: OllamaWire
  let h: Harness
  let client: any
  const base = (model: string, operation = 'chat') => ({
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': 'ollama',
    'gen_ai.request.model': model,
  })
  const full = (model: string) => ({
    ...base(model),
    'gen_ai.response.model': model,
    'server.address': '127.0.0.1',
    'server.port': wire.port,
  })
  const tokens = (model: string, type: string, operation = 'chat') =>
    h.value('llmeter.llm.tokens', { ...base(model, operation), 'gen_ai.token.type': type })

  beforeAll(async () => {
    wire = await startOllamaWire()
    patchOllamaExports(module, defaultRecorder)
  })
  afterAll(async () => {
    unpatchOllamaExports(module)
    await wire.close()
  })
  beforeEach(() => {
    h = createHarness()
    client = new module.Ollama({ host: wire.url })
  })
  afterEach(async () => {
    await h.close()
  })

  it('is inside the declared range', () => {
    expectDeclared(version, SUPPORTED_OLLAMA_VERSIONS)
  })

  it('plain chat: exact tokens, one duration sample, no call left active', async () => {
    const res = await client.chat({ model: 'plain', messages })
    expect(res.message.content).toBe('hello there')
    expect(await h.value('llmeter.llm.requests', base('plain'))).toBe(1)
    expect(await tokens('plain', 'input')).toBe(PROMPT_TOKENS)
    expect(await tokens('plain', 'output')).toBe(EVAL_TOKENS)
    expect((await h.histogram('gen_ai.client.operation.duration', full('plain')))?.count).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('plain'))).toBe(0)
  })

  it('streamed chat: the caller sees every line; usage from the done line and chunk timings recorded', async () => {
    wire.behave('stream', { chunks: 6 })
    const lines = await readAll<any>(await client.chat({ model: 'stream', messages, stream: true }))
    expect(lines).toHaveLength(7)
    expect(lines.at(-1).done).toBe(true)
    expect(await tokens('stream', 'input')).toBe(PROMPT_TOKENS)
    expect(await tokens('stream', 'output')).toBe(EVAL_TOKENS)
    expect((await h.histogram('gen_ai.client.operation.time_to_first_chunk', full('stream')))?.count).toBe(1)
    expect((await h.histogram('gen_ai.client.operation.time_per_output_chunk', full('stream')))?.count).toBe(
      1,
    )
    expect(await h.value('llmeter.llm.active_requests', base('stream'))).toBe(0)
  })

  it('stream abandoned mid-way: one cancelled call, no success, no call left active', async () => {
    wire.behave('brk', { chunks: 5 })
    let seen = 0
    for await (const _ of await client.generate({ model: 'brk', prompt: 'x', stream: true }))
      if (++seen === 2) break
    expect(seen).toBe(2)
    const gen = base('brk', 'text_completion')
    expect(await h.value('llmeter.llm.requests', { ...gen, 'error.type': 'cancelled' })).toBe(1)
    expect(await h.value('llmeter.llm.requests', gen)).toBeUndefined()
    expect(await h.value('llmeter.llm.active_requests', gen)).toBe(0)
  })

  it('a 429 (ollama-js does not retry): one rate limit and one rate_limit call', async () => {
    wire.behave('limited', { status: 429 })
    const error = await client.chat({ model: 'limited', messages }).catch((e: unknown) => e)
    expect(error.status_code).toBe(429)
    expect(
      await h.value('llmeter.llm.rate_limits', {
        'gen_ai.provider.name': 'ollama',
        'gen_ai.request.model': 'limited',
        'server.address': '127.0.0.1',
      }),
    ).toBe(1)
    expect(await h.value('llmeter.llm.requests', { ...base('limited'), 'error.type': 'rate_limit' })).toBe(1)
  })
})
