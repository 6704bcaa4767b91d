import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChildApp } from '../support/child-app.js'
import { startWireServer, type WireServer } from './support/wire-server.js'

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
}

describe('registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()], meterProvider })', () => {
  let wire: WireServer
  beforeAll(async () => {
    wire = await startWireServer(() => ({ json: completion }))
  })
  afterAll(() => wire.close())

  it("records real openai calls into the app's provider and nothing into the global one", async () => {
    const app = await startChildApp(['test/fixtures/apps/app-owned-provider.cjs'], { WIRE_URL: wire.url })
    const { app: own, global } = app.info as unknown as Record<
      string,
      { out: Record<string, number[]>; errors: number }
    >
    await app.stop()
    expect(own!.errors).toBe(0)
    expect(own!.out['gen_ai.client.operation.duration']).toEqual([2])
    expect(own!.out['llmeter.llm.requests']).toEqual([2])
    // Input and output tokens, each counted over both calls.
    expect(own!.out['llmeter.llm.tokens']?.sort((a, b) => a - b)).toEqual([6, 24])
    expect(global!.out).toEqual({})
    expect(app.stderr()).toBe('')
  })
})
