import { afterEach, describe, expect, it } from 'vitest'
import { emptyBreakdown } from '../../../src/pricing/cost-math.js'
import { startLlmCall } from '../../../src/tracking/llm-call.js'
import type { CallPricer } from '../../../src/tracking/recorder.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'
import { createHarness, type Harness } from '../../support/harness.js'

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
