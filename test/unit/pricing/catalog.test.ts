import { calcPrice, findProvider } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import { GenaiPricesCatalog } from '../../../src/pricing/catalog.js'
import { catalogProviderId } from '../../../src/pricing/provider-ids.js'
import { expectBreakdown, expectUsd } from './expect-usd.js'

const catalog = new GenaiPricesCatalog()
const NOW = new Date('2025-09-01T12:00:00Z')
const price = (
  provider: string,
  model: string,
  usage: Parameters<GenaiPricesCatalog['price']>[2],
  at = NOW,
) => catalog.price(provider, model, usage, at)

describe('catalog pricing by token type', () => {
  it('bills cache-read tokens at the cached rate and only the rest of the input at the input rate', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M.
    const cost = price('openai', 'gpt-4o', { inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 500 })
    expectBreakdown(cost, { input: 0.015, cacheRead: 0.005, output: 0.005, total: 0.025, source: 'catalog' })
  })

  it('bills Anthropic cache writes and reads apart from uncached input', () => {
    // claude-3-5-sonnet: $3 input, $3.75 cache write, $0.30 cache read, $15 output per 1M.
    const cost = price('anthropic', 'claude-3-5-sonnet-20241022', {
      inputTokens: 10_000,
      cacheReadTokens: 2_000,
      cacheWriteTokens: 3_000,
      outputTokens: 100,
    })
    expectBreakdown(cost, {
      input: 0.015,
      cacheRead: 0.0006,
      cacheWrite: 0.01125,
      output: 0.0015,
      total: 0.02835,
      source: 'catalog',
    })
  })

  it('bills reasoning tokens once, as part of the output', () => {
    // o1: $15 input, $60 output per 1M; 1000 output tokens of which 800 reasoning.
    const cost = price('openai', 'o1', { inputTokens: 100, outputTokens: 1000, reasoningTokens: 800 })
    expectBreakdown(cost, {
      input: 0.0015,
      output: 0.012,
      reasoning: 0.048,
      total: 0.0615,
      source: 'catalog',
    })
  })

  it('applies the long-context tier to the whole call once the prompt is over the threshold', () => {
    // gemini-2.5-pro: $1.25/$10 per 1M up to 200k prompt tokens, $2.50/$15 above.
    expectBreakdown(price('gcp.gemini', 'gemini-2.5-pro', { inputTokens: 100_000, outputTokens: 2_000 }), {
      input: 0.125,
      output: 0.02,
      total: 0.145,
      source: 'catalog',
    })
    expectBreakdown(price('gcp.gemini', 'gemini-2.5-pro', { inputTokens: 200_000, outputTokens: 2_000 }), {
      input: 0.25,
      output: 0.02,
      total: 0.27,
      source: 'catalog',
    })
    expectBreakdown(price('gcp.vertex_ai', 'gemini-2.5-pro', { inputTokens: 250_000, outputTokens: 2_000 }), {
      input: 0.625,
      output: 0.03,
      total: 0.655,
      source: 'catalog',
    })
  })

  it('charges a per-request fee once per call', () => {
    // perplexity sonar: $1 input, $1 output per 1M, $12 per 1K requests.
    expectBreakdown(price('perplexity', 'sonar', { inputTokens: 1000, outputTokens: 500 }), {
      input: 0.001,
      output: 0.0005,
      request: 0.012,
      total: 0.0135,
      source: 'catalog',
    })
  })

  it('uses the price in force at the time of the call for dated prices', () => {
    // o3 dropped from $10/$40 to $2/$8 per 1M on 2025-06-10.
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 }
    expectUsd(price('openai', 'o3', usage, new Date('2025-06-09T23:59:59Z'))?.total, 50)
    expectUsd(price('openai', 'o3', usage, new Date('2025-06-10T00:00:00Z'))?.total, 10)
  })

  it('prices Bedrock cross-region inference profile ids like the model', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 }
    expectUsd(price('aws.bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', usage)?.total, 18)
    expectUsd(price('aws.bedrock', 'eu.anthropic.claude-3-haiku-20240307-v1:0', usage)?.total, 1.5)
    expectUsd(price('aws.bedrock', 'anthropic.claude-3-5-sonnet-20241022-v2:0', usage)?.total, 18)
  })

  it('prices Azure OpenAI models by the model name through the catalog', () => {
    expectUsd(price('azure.ai.openai', 'gpt-4o', { inputTokens: 1_000_000 })?.total, 2.5)
  })
})

describe('catalog misses', () => {
  it('knows no price for an unknown model or provider', () => {
    expect(price('openai', 'no-such-model', { inputTokens: 10 })).toBeUndefined()
    expect(price('ibm.watsonx.ai', 'ibm/granite-13b-chat-v2', { inputTokens: 10 })).toBeUndefined()
    expect(price('anthropic', 'gpt-4o', { inputTokens: 10 })).toBeUndefined()
  })

  it('never strips a date suffix: a dated snapshot has its own price or none', () => {
    const usage = { inputTokens: 1_000_000 }
    expectUsd(price('openai', 'gpt-4o', usage)?.total, 2.5)
    expectUsd(price('openai', 'gpt-4o-2024-05-13', usage)?.total, 5)
    expect(price('openai', 'gpt-4o-2099-01-01', usage)).toBeUndefined()
    expect(price('openai', 'gpt-4o-mini-2099-01-01', usage)).toBeUndefined()
  })

  it('does not throw on usage the catalog rejects, such as more cached tokens than input', () => {
    // Parts are trusted over a smaller total: 20 cached tokens at $1.25/1M, no uncached input.
    expectBreakdown(price('openai', 'gpt-4o', { inputTokens: 10, cacheReadTokens: 20 }), {
      cacheRead: 0.000025,
      total: 0.000025,
      source: 'catalog',
    })
  })
})

describe('our split agrees with the catalog total', () => {
  const providers = [
    'openai',
    'anthropic',
    'google',
    'aws',
    'azure',
    'mistral',
    'groq',
    'deepseek',
    'x-ai',
    'perplexity',
    'openrouter',
  ]
  const usages = [
    { input_tokens: 1234, output_tokens: 567 },
    { input_tokens: 250_000, cache_read_tokens: 10_000, cache_write_tokens: 5_000, output_tokens: 3_000 },
    {
      input_tokens: 90_000,
      cache_read_tokens: 80_000,
      output_tokens: 40_000,
      output_reasoning_tokens: 30_000,
    },
  ]

  it('for every model of the main providers and several usages', () => {
    let compared = 0
    for (const id of providers) {
      const provider = findProvider({ providerId: id })
      expect(provider, id).toBeDefined()
      for (const model of provider!.models) {
        const name = model.id
        for (const u of usages) {
          let expected: number | undefined
          try {
            expected = calcPrice(u, name, { providerId: id, timestamp: NOW })?.total_price
          } catch {
            continue // the catalog rejects this model's data or usage; we return undefined there
          }
          if (expected === undefined) continue
          const ours = catalog.price(
            id,
            name,
            {
              inputTokens: u.input_tokens,
              outputTokens: u.output_tokens,
              cacheReadTokens: u.cache_read_tokens,
              cacheWriteTokens: u.cache_write_tokens,
              reasoningTokens: u.output_reasoning_tokens,
            },
            NOW,
          )
          expect(ours, `${id}:${name}`).toBeDefined()
          expect(Math.abs(ours!.total - expected), `${id}:${name}`).toBeLessThanOrEqual(
            1e-12 * Math.max(1, expected),
          )
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })
})

describe('catalog identity', () => {
  it('names the package and version it prices from', () => {
    expect(catalog.version).toMatch(/^@pydantic\/genai-prices@\d+\.\d+\.\d+/)
  })

  it('maps semconv provider names onto catalog ids and passes others through', () => {
    expect(catalogProviderId('aws.bedrock')).toBe('aws')
    expect(catalogProviderId('azure.ai.openai')).toBe('azure')
    expect(catalogProviderId('gcp.gemini')).toBe('google')
    expect(catalogProviderId('gcp.vertex_ai')).toBe('google')
    expect(catalogProviderId('mistral_ai')).toBe('mistral')
    expect(catalogProviderId('x_ai')).toBe('x-ai')
    expect(catalogProviderId('openrouter')).toBe('openrouter')
  })
})
