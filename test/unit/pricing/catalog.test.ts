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

  it('bills Anthropic 1-hour cache writes at the 1-hour rate, not the 5-minute one', () => {
    // claude-sonnet-4-5: $3 input, $3.75 5-minute cache write, $6 1-hour cache write, $15 output per 1M.
    // 1,000 uncached input + 3,000 1-hour writes (input 4,000), 100 output:
    // 1000 * 3 / 1e6 = 0.003; 3000 * 6 / 1e6 = 0.018; 100 * 15 / 1e6 = 0.0015; total 0.0225.
    const cost = price('anthropic', 'claude-sonnet-4-5', {
      inputTokens: 4_000,
      cacheWriteTokens: 3_000,
      cacheWrite1hTokens: 3_000,
      outputTokens: 100,
    })
    expectBreakdown(cost, {
      input: 0.003,
      cacheWrite1h: 0.018,
      output: 0.0015,
      total: 0.0225,
      source: 'catalog',
    })
  })

  it('splits cache writes into 5-minute and 1-hour parts', () => {
    // claude-sonnet-4-5; 3,500 writes of which 3,000 are 1-hour: 500 * 3.75 / 1e6 = 0.001875 and
    // 3000 * 6 / 1e6 = 0.018; 1,000 uncached input 0.003; 100 output 0.0015; total 0.024375.
    const cost = price('anthropic', 'claude-sonnet-4-5', {
      inputTokens: 4_500,
      cacheWriteTokens: 3_500,
      cacheWrite1hTokens: 3_000,
      outputTokens: 100,
    })
    expectBreakdown(cost, {
      input: 0.003,
      cacheWrite: 0.001875,
      cacheWrite1h: 0.018,
      output: 0.0015,
      total: 0.024375,
      source: 'catalog',
    })
  })

  it('bills audio tokens at the audio rates', () => {
    // gpt-audio: $2.50 text input, $32 audio input, $10 text output, $64 audio output per 1M.
    // 1,000 input of which 800 audio, 500 output of which 400 audio:
    // 200 * 2.5 / 1e6 = 0.0005; 800 * 32 / 1e6 = 0.0256; 100 * 10 / 1e6 = 0.001;
    // 400 * 64 / 1e6 = 0.0256; total 0.0527.
    const cost = price('openai', 'gpt-audio', {
      inputTokens: 1_000,
      inputAudioTokens: 800,
      outputTokens: 500,
      outputAudioTokens: 400,
    })
    expectBreakdown(cost, {
      input: 0.0005,
      inputAudio: 0.0256,
      output: 0.001,
      outputAudio: 0.0256,
      total: 0.0527,
      source: 'catalog',
    })
  })

  it('bills image input tokens at the image rate', () => {
    // gpt-image-1: $5 text input, $10 image input, $40 output per 1M.
    // 1,000 input of which 600 image: 400 * 5 / 1e6 = 0.002; 600 * 10 / 1e6 = 0.006;
    // 100 output: 100 * 40 / 1e6 = 0.004; total 0.012.
    const cost = price('openai', 'gpt-image-1', {
      inputTokens: 1_000,
      inputImageTokens: 600,
      outputTokens: 100,
    })
    expectBreakdown(cost, { input: 0.002, inputImage: 0.006, output: 0.004, total: 0.012, source: 'catalog' })
  })

  it('bills audio at the text rate for a model without an audio price, under its own cost type', () => {
    // gpt-4o-audio-preview lists only $2.50 input and $10 output per 1M.
    // 200 text input 0.0005, 800 audio input 0.002, 50 output 0.0005; total 0.003.
    const cost = price('openai', 'gpt-4o-audio-preview', {
      inputTokens: 1_000,
      inputAudioTokens: 800,
      outputTokens: 50,
    })
    expectBreakdown(cost, {
      input: 0.0005,
      inputAudio: 0.002,
      output: 0.0005,
      total: 0.003,
      source: 'catalog',
    })
  })

  it('treats cached and audio input as apart when the provider does not say how much cached input was audio', () => {
    // gpt-realtime prices cached audio too, but chat usage gives no such count. $4 text input,
    // $0.40 cached, $32 audio input, $16 text output per 1M; 1,000 input with 300 cached and 500 audio:
    // 200 * 4 / 1e6 = 0.0008; 300 * 0.4 / 1e6 = 0.00012; 500 * 32 / 1e6 = 0.016;
    // 10 output * 16 / 1e6 = 0.00016; total 0.01708.
    const cost = price('openai', 'gpt-realtime', {
      inputTokens: 1_000,
      cacheReadTokens: 300,
      inputAudioTokens: 500,
      outputTokens: 10,
    })
    expectBreakdown(cost, {
      input: 0.0008,
      cacheRead: 0.00012,
      inputAudio: 0.016,
      output: 0.00016,
      total: 0.01708,
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
    {
      input_tokens: 20_000,
      cache_write_tokens: 6_000,
      cache_write_1h_tokens: 4_000,
      input_audio_tokens: 3_000,
      input_image_tokens: 2_000,
      output_tokens: 5_000,
      output_audio_tokens: 1_500,
      output_image_tokens: 700,
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
              cacheWrite1hTokens: u.cache_write_1h_tokens,
              inputAudioTokens: u.input_audio_tokens,
              inputImageTokens: u.input_image_tokens,
              outputAudioTokens: u.output_audio_tokens,
              outputImageTokens: u.output_image_tokens,
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
  }, 60_000) // thousands of catalog lookups: CPU-bound, slow on a loaded 2-core machine
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
