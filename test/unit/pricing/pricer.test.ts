import { describe, expect, it } from 'vitest'
import { createPricer } from '../../../src/pricing/index.js'
import { expectBreakdown, expectUsd } from './expect-usd.js'

const M = 1_000_000

describe('pricing order: provider cost, then user table, then catalog', () => {
  it('uses a cost the provider returned over any table, split like the estimate', () => {
    const { pricer } = createPricer({ prices: { 'gpt-4o': { input: 1, output: 3 } } })
    // Estimate: 1000 * $1/1M = 0.001 input, 1000 * $3/1M = 0.003 output; the provider says 0.008.
    const cost = pricer.price({
      provider: 'openai',
      model: 'gpt-4o',
      usage: { inputTokens: 1000, outputTokens: 1000 },
      providerCostUsd: 0.008,
    })
    expectBreakdown(cost, { input: 0.002, output: 0.006, total: 0.008, source: 'provider' })
  })

  it('records a provider-returned cost even for a model nobody prices, as input', () => {
    const { pricer } = createPricer()
    const cost = pricer.price({
      provider: 'openrouter',
      model: 'some-lab/brand-new-model',
      usage: { inputTokens: 10, outputTokens: 10 },
      providerCostUsd: 0.0042,
    })
    expectBreakdown(cost, { input: 0.0042, total: 0.0042, source: 'provider' })
  })

  it('ignores a provider cost that is not a finite non-negative number', () => {
    const { pricer } = createPricer()
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      const cost = pricer.price({
        provider: 'openai',
        model: 'gpt-4',
        usage: { inputTokens: M },
        providerCostUsd: bad,
      })
      expectBreakdown(cost, { input: 30, total: 30, source: 'catalog' })
    }
  })

  it('prefers the user table to the catalog', () => {
    const { pricer } = createPricer({ prices: { 'gpt-4o': { input: 2, output: 8 } } })
    expectBreakdown(
      pricer.price({ provider: 'openai', model: 'gpt-4o', usage: { inputTokens: M, outputTokens: M } }),
      {
        input: 2,
        output: 8,
        total: 10,
        source: 'user',
      },
    )
  })

  it('prefers a provider:model entry to a model entry', () => {
    const { pricer } = createPricer({
      prices: { 'my-model': { input: 1, output: 1 }, 'groq:my-model': { input: 5, output: 5 } },
    })
    expectUsd(pricer.price({ provider: 'groq', model: 'my-model', usage: { inputTokens: M } })?.total, 5)
    expectUsd(pricer.price({ provider: 'together', model: 'my-model', usage: { inputTokens: M } })?.total, 1)
  })

  it('falls back to the catalog for models the table does not list', () => {
    const { pricer } = createPricer({ prices: { 'my-model': { input: 1, output: 1 } } })
    expectBreakdown(pricer.price({ provider: 'openai', model: 'gpt-4', usage: { outputTokens: M } }), {
      output: 60,
      total: 60,
      source: 'catalog',
    })
  })

  it('returns undefined for a model neither the table nor the catalog knows', () => {
    const { pricer } = createPricer({ prices: { 'my-model': { input: 1, output: 1 } } })
    expect(
      pricer.price({ provider: 'openai', model: 'gpt-unknown-9', usage: { inputTokens: 5 } }),
    ).toBeUndefined()
  })
})

describe('user table entries', () => {
  it('bills cached and reasoning tokens at the input and output price unless given their own', () => {
    const { pricer } = createPricer({ prices: { plain: { input: 2, output: 10 } }, catalog: false })
    // 1M input of which 0.4M cache read and 0.1M cache write; 1M output of which 0.3M reasoning.
    const usage = {
      inputTokens: M,
      cacheReadTokens: 400_000,
      cacheWriteTokens: 100_000,
      outputTokens: M,
      reasoningTokens: 300_000,
    }
    expectBreakdown(pricer.price({ provider: 'x', model: 'plain', usage }), {
      input: 1,
      cacheRead: 0.8,
      cacheWrite: 0.2,
      output: 7,
      reasoning: 3,
      total: 12,
      source: 'user',
    })
  })

  it('uses cacheRead, cacheWrite, reasoning and request prices when given', () => {
    const { pricer } = createPricer({
      prices: {
        full: { input: 2, output: 10, cacheRead: 0.5, cacheWrite: 2.5, reasoning: 20, request: 0.001 },
      },
      catalog: false,
    })
    const usage = {
      inputTokens: M,
      cacheReadTokens: 400_000,
      cacheWriteTokens: 100_000,
      outputTokens: M,
      reasoningTokens: 300_000,
    }
    // 0.5M*2 + 0.4M*0.5 + 0.1M*2.5 + 0.7M*10 + 0.3M*20 (per 1M) + 0.001
    expectBreakdown(pricer.price({ provider: 'x', model: 'full', usage }), {
      input: 1,
      cacheRead: 0.2,
      cacheWrite: 0.25,
      output: 7,
      reasoning: 6,
      request: 0.001,
      total: 14.451,
      source: 'user',
    })
  })

  it('prices 1-hour cache writes, audio and image from the table, each unset one at its parent price', () => {
    const { pricer } = createPricer({
      prices: {
        media: { input: 2, output: 10, cacheWrite: 2.5, inputAudio: 40, outputAudio: 80 },
      },
      catalog: false,
    })
    const usage = {
      inputTokens: M,
      cacheWriteTokens: 200_000,
      cacheWrite1hTokens: 150_000,
      inputAudioTokens: 300_000,
      inputImageTokens: 100_000,
      outputTokens: M,
      outputAudioTokens: 500_000,
      outputImageTokens: 100_000,
    }
    // input: 1M - 0.2M writes - 0.3M audio - 0.1M image = 0.4M * 2 = 0.8
    // cacheWrite (5-minute): 0.05M * 2.5 = 0.125; cacheWrite1h unset -> cacheWrite: 0.15M * 2.5 = 0.375
    // inputAudio: 0.3M * 40 = 12; inputImage unset -> input: 0.1M * 2 = 0.2
    // output: 1M - 0.5M audio - 0.1M image = 0.4M * 10 = 4; outputAudio 0.5M * 80 = 40;
    // outputImage unset -> output: 0.1M * 10 = 1. Total 58.5.
    expectBreakdown(pricer.price({ provider: 'x', model: 'media', usage }), {
      input: 0.8,
      cacheWrite: 0.125,
      cacheWrite1h: 0.375,
      inputAudio: 12,
      inputImage: 0.2,
      output: 4,
      outputAudio: 40,
      outputImage: 1,
      total: 58.5,
      source: 'user',
    })
  })

  it('splits a provider-returned cost over every part of the estimate, audio included', () => {
    const { pricer } = createPricer({ prices: { a: { input: 1, output: 1, inputAudio: 3 } }, catalog: false })
    // Estimate: 0.5M text input 0.5, 0.5M audio input 1.5, total 2; the provider says 4 (scale 2).
    const cost = pricer.price({
      provider: 'x',
      model: 'a',
      usage: { inputTokens: M, inputAudioTokens: 500_000 },
      providerCostUsd: 4,
    })
    expectBreakdown(cost, { input: 1, inputAudio: 3, total: 4, source: 'provider' })
  })

  it('matches keys case-insensitively', () => {
    const { pricer } = createPricer({ prices: { 'My-Model': { input: 1, output: 1 } }, catalog: false })
    expectUsd(pricer.price({ provider: 'x', model: 'my-MODEL', usage: { inputTokens: M } })?.total, 1)
  })

  it('matches glob patterns in the order written, after exact keys', () => {
    const { pricer } = createPricer({
      prices: {
        'ft:gpt-4o-mini:*': { input: 0.3, output: 1.2 },
        'ft:*': { input: 9, output: 9 },
        'ft:gpt-4o-mini:acme::exact': { input: 7, output: 7 },
        'bedrock-?': { input: 4, output: 4 },
      },
      catalog: false,
    })
    const usage = { inputTokens: M }
    expectUsd(pricer.price({ provider: 'openai', model: 'ft:gpt-4o-mini:acme::abc123', usage })?.total, 0.3)
    expectUsd(pricer.price({ provider: 'openai', model: 'ft:gpt-4.1:acme::abc123', usage })?.total, 9)
    expectUsd(pricer.price({ provider: 'openai', model: 'ft:gpt-4o-mini:acme::exact', usage })?.total, 7)
    expectUsd(pricer.price({ provider: 'x', model: 'bedrock-1', usage })?.total, 4)
    expect(pricer.price({ provider: 'x', model: 'bedrock-12', usage })).toBeUndefined()
  })

  it('does not guess a dated model from an undated entry', () => {
    const { pricer } = createPricer({ prices: { 'my-model': { input: 1, output: 1 } }, catalog: false })
    expect(
      pricer.price({ provider: 'x', model: 'my-model-2024-05-13', usage: { inputTokens: M } }),
    ).toBeUndefined()
    expect(
      pricer.price({ provider: 'x', model: 'my-model-20240513', usage: { inputTokens: M } }),
    ).toBeUndefined()
  })
})

describe('aliases', () => {
  it('prices an Azure deployment name as the catalog model it deploys', () => {
    const { pricer } = createPricer({ prices: { 'azure.ai.openai:prod-chat': { alias: 'gpt-4o-mini' } } })
    // gpt-4o-mini: $0.15 input, $0.60 output per 1M.
    expectBreakdown(
      pricer.price({
        provider: 'azure.ai.openai',
        model: 'prod-chat',
        usage: { inputTokens: M, outputTokens: M },
      }),
      { input: 0.15, output: 0.6, total: 0.75, source: 'catalog' },
    )
    // The key is scoped to its provider.
    expect(
      pricer.price({ provider: 'openai', model: 'prod-chat', usage: { inputTokens: M } }),
    ).toBeUndefined()
  })

  it('prices a Bedrock application inference profile ARN as the model behind it', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4'
    const { pricer } = createPricer({
      prices: { [arn]: { alias: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0' } },
    })
    expectBreakdown(
      pricer.price({ provider: 'aws.bedrock', model: arn, usage: { inputTokens: M, outputTokens: M } }),
      {
        input: 3,
        output: 15,
        total: 18,
        source: 'catalog',
      },
    )
  })

  it('prices a cross-region id through an alias naming another provider explicitly', () => {
    const { pricer } = createPricer({
      prices: {
        'aws.bedrock:apac.anthropic.claude-3-haiku-custom': { alias: 'anthropic:claude-3-haiku-20240307' },
      },
    })
    expectUsd(
      pricer.price({
        provider: 'aws.bedrock',
        model: 'apac.anthropic.claude-3-haiku-custom',
        usage: { inputTokens: M, outputTokens: M },
      })?.total,
      1.5,
    )
  })

  it('follows aliases through the table to a user price', () => {
    const { pricer } = createPricer({
      prices: { 'team-default': { alias: 'my-llama' }, 'my-llama': { input: 0.2, output: 0.6 } },
      catalog: false,
    })
    expectBreakdown(
      pricer.price({ provider: 'x', model: 'team-default', usage: { inputTokens: M, outputTokens: M } }),
      {
        input: 0.2,
        output: 0.6,
        total: 0.8,
        source: 'user',
      },
    )
  })

  it('lets a pattern alias its own prefix without looping', () => {
    const { pricer } = createPricer({ prices: { 'gpt-4o-mini-deploy-*': { alias: 'gpt-4o-mini' } } })
    expectUsd(
      pricer.price({ provider: 'azure.ai.openai', model: 'gpt-4o-mini-deploy-eu', usage: { inputTokens: M } })
        ?.total,
      0.15,
    )
  })
})

describe('robustness', () => {
  it('never throws and returns finite numbers for garbage usage', () => {
    const { pricer } = createPricer({ prices: { m: { input: 1, output: 1 } } })
    const usage = {
      inputTokens: Number.NaN,
      outputTokens: -5,
      cacheReadTokens: Number.POSITIVE_INFINITY,
      reasoningTokens: 3,
    }
    const cost = pricer.price({ provider: 'x', model: 'm', usage })
    // Only the 3 reasoning tokens are countable (they raise the output total to 3).
    expectBreakdown(cost, { reasoning: 0.000003, total: 0.000003, source: 'user' })
    expect(() => pricer.price(undefined as never)).not.toThrow()
    expect(pricer.price(undefined as never)).toBeUndefined()
  })

  it('bills no negative uncached input when cache tokens exceed the reported input', () => {
    const { pricer } = createPricer({ prices: { m: { input: 10, output: 1, cacheRead: 1 } } })
    const cost = pricer.price({
      provider: 'x',
      model: 'm',
      usage: { inputTokens: 100, cacheReadTokens: 300 },
    })
    expectBreakdown(cost, { cacheRead: 0.0003, total: 0.0003, source: 'user' })
  })
})
