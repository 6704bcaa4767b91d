/**
 * Mistral and Cohere streams the host never finishes end when garbage-collected
 * (src/instrumentations/shared/lifetime.ts): collection is forced with V8's `gc`, yielding to the
 * event loop (no timers) until the finalizer has run, at most 50 turns.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import * as mistralModule from '@mistralai/mistralai'
import { CohereClientV2 } from 'cohere-ai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { patchCohereV2Exports, unpatchCohereV2Exports } from '../../../src/instrumentations/cohere/patch.js'
import { patchMistralExports, unpatchMistralExports } from '../../../src/instrumentations/mistral/patch.js'
import { defaultRecorder } from '../../../src/recording/registry.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { startCohereServer } from '../../support/wire/cohere.js'
import { startMistralServer } from '../../support/wire/mistral.js'
import type { WireServer } from '../../support/wire/server.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const require = createRequire(import.meta.url)
const v2Module = require(join(dirname(require.resolve('cohere-ai')), 'api/resources/v2/client/Client.js'))

let mistral: WireServer
let cohere: WireServer
let h: Harness
const messages = [{ role: 'user' as const, content: 'hello' }]

const base = (provider: string, model: string) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': provider,
  'gen_ai.request.model': model,
})
const cancelled = (provider: string, model: string) =>
  h.value('llmeter.llm.requests', { ...base(provider, model), 'error.type': 'cancelled' })

/** Collects garbage and yields until `done()` holds (at most 50 rounds). */
async function collectUntil(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50 && !(await done()); i++) {
    gc()
    await new Promise((r) => setImmediate(r))
  }
}

beforeAll(async () => {
  mistral = await startMistralServer()
  cohere = await startCohereServer()
  patchMistralExports(mistralModule, defaultRecorder)
  patchCohereV2Exports(v2Module, defaultRecorder)
})
afterAll(async () => {
  unpatchMistralExports(mistralModule)
  unpatchCohereV2Exports(v2Module)
  await mistral.close()
  await cohere.close()
})
beforeEach(() => {
  h = createHarness()
})
afterEach(async () => {
  await h.close()
})

describe('streams the host never finishes', () => {
  it('ends a Mistral stream that is never iterated, once, as cancelled when the host drops it', async () => {
    await (async () => {
      const client = new mistralModule.Mistral({ apiKey: 'k', serverURL: mistral.url })
      await client.chat.stream({ model: 'dropped', messages })
    })()
    await collectUntil(async () => (await cancelled('mistral_ai', 'dropped')) === 1)
    expect(await cancelled('mistral_ai', 'dropped')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('mistral_ai', 'dropped'))).toBe(0)
  })

  it('ends a Mistral iterator dropped half-read as cancelled', async () => {
    await (async () => {
      const client = new mistralModule.Mistral({ apiKey: 'k', serverURL: mistral.url })
      const iterator = (await client.chat.stream({ model: 'half', messages }))[Symbol.asyncIterator]()
      await iterator.next()
    })()
    await collectUntil(async () => (await cancelled('mistral_ai', 'half')) === 1)
    expect(await cancelled('mistral_ai', 'half')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('mistral_ai', 'half'))).toBe(0)
  })

  it('ends a Cohere stream that is never iterated, once, as cancelled when the host drops it', async () => {
    await (async () => {
      const client = new CohereClientV2({ token: 'k', baseUrl: cohere.url })
      await client.chatStream({ model: 'dropped', messages })
    })()
    await collectUntil(async () => (await cancelled('cohere', 'dropped')) === 1)
    expect(await cancelled('cohere', 'dropped')).toBe(1)
    expect(await h.value('llmeter.llm.active_requests', base('cohere', 'dropped'))).toBe(0)
  })
})
