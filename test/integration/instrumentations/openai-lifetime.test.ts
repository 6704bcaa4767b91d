/**
 * Streams the host never finishes end when garbage-collected (src/instrumentations/shared/finalize.ts).
 * The tests force collection with V8's `gc` and yield to the event loop (no timers) until the
 * finalizer has run, at most 50 turns.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import OpenAI, * as openaiModule from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimulatedProvider } from '../../../examples/simulated-provider/index.js'
import { patchOpenAIExports, unpatchOpenAIExports } from '../../../src/instrumentations/openai/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let provider: Awaited<ReturnType<typeof startSimulatedProvider>>
let h: Harness
let client: OpenAI

const headers = { 'x-sim-usage': JSON.stringify({ input: 10, output: 6 }), 'x-sim-chunks': '6' }
const messages = [{ role: 'user' as const, content: 'hello' }]
const base = (model: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
})
const active = (model: string) => h.value('llmeter.llm.active_requests', base(model))
const cancelled = (model: string) =>
  h.value('llmeter.llm.requests', { ...base(model), 'error.type': 'cancelled' })

/** Collects garbage and yields until `done()` holds (at most 50 rounds). */
async function collectUntil(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50 && !(await done()); i++) {
    gc()
    await new Promise((r) => setImmediate(r))
  }
}

beforeAll(async () => {
  provider = await startSimulatedProvider()
  patchOpenAIExports(openaiModule, defaultRecorder)
})
afterAll(async () => {
  unpatchOpenAIExports(openaiModule)
  await provider.close()
})
beforeEach(() => {
  h = createHarness()
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${provider.url}/v1` })
})
afterEach(async () => {
  await h.close()
})

describe('streams the host never finishes', () => {
  it('records a stream that is never iterated, once, as cancelled when the host drops it', async () => {
    await (async () => {
      await client.chat.completions.create({ model: 'dropped', messages, stream: true }, { headers })
    })()
    expect(await active('dropped')).toBe(1)
    await collectUntil(async () => (await active('dropped')) === 0)
    expect(await active('dropped')).toBe(0)
    expect(await cancelled('dropped')).toBe(1)
    expect(await h.value('llmeter.llm.requests', base('dropped'))).toBeUndefined()
  })

  it('records an iterator dropped mid-way without return() as cancelled', async () => {
    await (async () => {
      const stream = await client.chat.completions.create(
        { model: 'half', messages, stream: true },
        { headers },
      )
      const iterator = stream[Symbol.asyncIterator]()
      await iterator.next()
    })()
    await collectUntil(async () => (await active('half')) === 0)
    expect(await active('half')).toBe(0)
    expect(await cancelled('half')).toBe(1)
  })

  it('does not cancel a stream still being read after the request promise was collected', async () => {
    const iterator = (
      await client.chat.completions.create({ model: 'alive', messages, stream: true }, { headers })
    )[Symbol.asyncIterator]()
    await iterator.next()
    // The APIPromise and the Stream object are unreachable now; only the iterator is held.
    for (let i = 0; i < 10; i++) {
      gc()
      await new Promise((r) => setImmediate(r))
    }
    let rest = 0
    while (!(await iterator.next()).done) rest++
    expect(rest).toBeGreaterThan(0)
    expect(await cancelled('alive')).toBeUndefined()
    expect(await h.value('llmeter.llm.requests', base('alive'))).toBe(1)
    expect(await h.value('llmeter.llm.tokens', { ...base('alive'), 'gen_ai.token.type': 'output' })).toBe(6)
  })
})
