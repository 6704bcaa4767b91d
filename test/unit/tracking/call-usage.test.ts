import { afterEach, describe, expect, it } from 'vitest'
import { emptyBreakdown } from '../../../src/pricing/cost-math.js'
import { createPricer } from '../../../src/pricing/index.js'
import type { CallPricer } from '../../../src/recording/ports.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { createHarness, type Harness } from '../../support/harness.js'
import { expectUsd } from '../pricing/expect-usd.js'

const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }
// Knows one model: $1 per input token and $2 per output token, to make sums obvious.
const pricer: CallPricer = {
  price: ({ model, usage }) =>
    model === 'known'
      ? {
          ...emptyBreakdown((usage.inputTokens ?? 0) + 2 * (usage.outputTokens ?? 0), 'user'),
          input: usage.inputTokens ?? 0,
          output: 2 * (usage.outputTokens ?? 0),
        }
      : undefined,
}

describe('usage and cost of a finished call', () => {
  let h: Harness
  let d: DiagCapture
  afterEach(async () => {
    d.stop()
    await h.close()
  })

  it('prices by the response model, falling back to the request model, and counts parts', async () => {
    d = captureDiag()
    const added: number[] = []
    h = createHarness({ pricer, budgets: { exhausted: () => [], add: (usd) => void added.push(usd) } })
    startLlmCall({ provider: 'openai', model: 'known' }).end({
      usage: { inputTokens: 3, outputTokens: 4 },
      responseModel: 'known-2025-01-01',
    })
    const attrs = { ...base, 'gen_ai.request.model': 'known' }
    expect(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'input' })).toBe(3)
    expect(await h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': 'output' })).toBe(8)
    expect(added).toEqual([11])
  })

  it('counts calls with tokens but no price as unpriced, warning once per model', async () => {
    d = captureDiag()
    h = createHarness({ pricer })
    for (let i = 0; i < 3; i++)
      startLlmCall({ provider: 'openai', model: 'mystery' }).end({
        usage: { inputTokens: 1, outputTokens: 1 },
      })
    startLlmCall({ provider: 'openai', model: 'mystery' }).end({ usage: { inputTokens: 0, outputTokens: 0 } })
    expect(await h.value('llmeter.llm.unpriced', { ...base, 'gen_ai.request.model': 'mystery' })).toBe(3)
    expect(await h.metric('llmeter.llm.cost')).toBeUndefined()
    expect(d.warnings('no price known for openai model "mystery"')).toHaveLength(1)
  })
})

describe('token kinds and cost parts of a finished call', () => {
  it('counts every token kind under its own gen_ai.token.type and keeps the semconv histogram on input and output', async () => {
    const h = createHarness({
      pricer: createPricer({ prices: { media: { input: 2, output: 10, inputAudio: 40, cacheWrite: 3 } } })
        .pricer,
    })
    try {
      startLlmCall({ provider: 'openai', model: 'media' }).end({
        usage: {
          inputTokens: 1000,
          inputAudioTokens: 800,
          cacheWriteTokens: 100,
          cacheWrite1hTokens: 60,
          outputTokens: 500,
          outputAudioTokens: 400,
        },
      })
      const attrs = { ...base, 'gen_ai.request.model': 'media' }
      const tokens = (type: string) => h.value('llmeter.llm.tokens', { ...attrs, 'gen_ai.token.type': type })
      expect(await tokens('input')).toBe(1000)
      expect(await tokens('input_audio')).toBe(800)
      expect(await tokens('cache_write')).toBe(100)
      expect(await tokens('cache_write_1h')).toBe(60)
      expect(await tokens('output')).toBe(500)
      expect(await tokens('output_audio')).toBe(400)
      expect(await tokens('cache_read')).toBeUndefined()
      const histogram = await h.metric('gen_ai.client.token.usage')
      expect(histogram?.dataPoints.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual([
        'input',
        'output',
      ])
      const cost = (type: string) => h.value('llmeter.llm.cost', { ...attrs, 'llmeter.cost.type': type })
      // input 1000 - 800 audio - 100 writes = 100 * 2 / 1e6 = 0.0002; input_audio 800 * 40 / 1e6 = 0.032;
      // cache_write (5-minute) 40 * 3 / 1e6 = 0.00012; cache_write_1h (unset: cacheWrite) 60 * 3 / 1e6 = 0.00018;
      // output 100 * 10 / 1e6 = 0.001; output_audio (unset: output) 400 * 10 / 1e6 = 0.004.
      expectUsd(await cost('input'), 0.0002)
      expectUsd(await cost('input_audio'), 0.032)
      expectUsd(await cost('cache_write'), 0.00012)
      expectUsd(await cost('cache_write_1h'), 0.00018)
      expectUsd(await cost('output'), 0.001)
      expectUsd(await cost('output_audio'), 0.004)
    } finally {
      await h.close()
    }
  })
})
