import { describe, expect, it } from 'vitest'
import { createPricer } from '../../../src/pricing/index.js'
import { expectBreakdown } from './expect-usd.js'

// Six list prices per 1K tokens that a team's hand-written cost exporter used: they must come out of
// the bundled catalog exactly.
const SEED = [
  { provider: 'openai', model: 'gpt-4-turbo', in1k: 0.01, out1k: 0.03 },
  { provider: 'openai', model: 'gpt-4', in1k: 0.03, out1k: 0.06 },
  { provider: 'openai', model: 'gpt-3.5-turbo', in1k: 0.0005, out1k: 0.0015 },
  { provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', in1k: 0.003, out1k: 0.015 },
  { provider: 'anthropic', model: 'claude-3-opus-20240229', in1k: 0.015, out1k: 0.075 },
  { provider: 'anthropic', model: 'claude-3-haiku-20240307', in1k: 0.00025, out1k: 0.00125 },
]

describe('the six HyperAgent seed prices', () => {
  const { pricer } = createPricer()

  it.each(SEED)(
    '$model costs $in1k per 1K input tokens and $out1k per 1K output tokens',
    ({ provider, model, in1k, out1k }) => {
      expectBreakdown(pricer.price({ provider, model, usage: { inputTokens: 1000 } }), {
        total: in1k,
        input: in1k,
        source: 'catalog',
      })
      expectBreakdown(pricer.price({ provider, model, usage: { outputTokens: 1000 } }), {
        total: out1k,
        output: out1k,
        source: 'catalog',
      })
    },
  )

  it.each(SEED)(
    '$model prices an odd-sized call to the fraction of a cent',
    ({ provider, model, in1k, out1k }) => {
      // 1234 input and 567 output tokens, computed by hand from the per-1K prices.
      const input = 1.234 * in1k
      const output = 0.567 * out1k
      const cost = pricer.price({ provider, model, usage: { inputTokens: 1234, outputTokens: 567 } })
      expectBreakdown(cost, { total: input + output, input, output, source: 'catalog' })
    },
  )

  it('prices gpt-4-turbo for 150 input and 50 output tokens at $0.003 as in the seed example', () => {
    // 150 * $10/1M + 50 * $30/1M = 0.0015 + 0.0015
    const cost = pricer.price({
      provider: 'openai',
      model: 'gpt-4-turbo',
      usage: { inputTokens: 150, outputTokens: 50 },
    })
    expect(cost?.total).toBeCloseTo(0.003, 12)
  })
})
