import { describe, expect, it } from 'vitest'
import { callOptionsFor } from '../../../src/instrumentations/ai/model-info.js'
import { aiUsage, embeddingUsage } from '../../../src/instrumentations/ai/usage.js'
import { providerName } from '../../../src/instrumentations/shared/provider-names.js'
import { classifyError } from '../../../src/semconv/error-types.js'

describe('AI SDK usage', () => {
  it('reads the v4 usage shape with cache and reasoning details', () => {
    expect(
      aiUsage({
        inputTokens: { total: 130, noCache: 60, cacheRead: 30, cacheWrite: 40 },
        outputTokens: { total: 20, text: 15, reasoning: 5 },
      }),
    ).toEqual({
      inputTokens: 130,
      outputTokens: 20,
      cacheReadTokens: 30,
      cacheWriteTokens: 40,
      reasoningTokens: 5,
    })
  })

  it('reads the flat v2 usage shape', () => {
    expect(aiUsage({ inputTokens: 10, outputTokens: 3, cachedInputTokens: 4, reasoningTokens: 1 })).toEqual({
      inputTokens: 10,
      outputTokens: 3,
      cacheReadTokens: 4,
      cacheWriteTokens: undefined,
      reasoningTokens: 1,
    })
  })

  it('returns nothing for a missing usage and counts embedding tokens as input', () => {
    expect(aiUsage(undefined)).toBeUndefined()
    expect(embeddingUsage({ tokens: 8 })).toEqual({ inputTokens: 8 })
    expect(embeddingUsage({})).toBeUndefined()
  })
})

describe('AI SDK provider ids', () => {
  it.each([
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['azure.chat', 'azure.ai.openai'],
    ['mistral.chat', 'mistral_ai'],
    ['google_genai', 'gcp.gemini'],
    ['ollama.chat', 'ollama'],
    [undefined, 'unknown'],
  ])('maps %s to %s', (id, name) => {
    expect(providerName(id)).toBe(name)
  })

  it('reads provider, model and endpoint from a model object', () => {
    const model = {
      provider: 'openai.chat',
      modelId: 'gpt-4o',
      config: { url: () => 'https://api.openai.com/v1' },
    }
    expect(callOptionsFor(model, 'chat')).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      operation: 'chat',
      serverAddress: 'api.openai.com',
      serverPort: 443,
    })
  })

  it('names the serving provider of an AI Gateway model', () => {
    expect(
      callOptionsFor({ provider: 'gateway', modelId: 'anthropic/claude-sonnet-4-6' }, 'chat'),
    ).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
    })
  })

  it('survives a model whose url function throws', () => {
    const model = {
      provider: 'x.chat',
      modelId: 'm',
      config: {
        url: () => {
          throw new Error('no')
        },
      },
    }
    expect(callOptionsFor(model, 'chat')).toMatchObject({ provider: 'x', serverAddress: undefined })
  })
})

describe('wrapped errors', () => {
  it('classifies a connection cut found two causes down as a network error', () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
    const terminated = new TypeError('terminated', { cause: socket })
    expect(classifyError(new Error('Failed to process successful response', { cause: terminated }))).toBe(
      'network',
    )
  })

  it('prefers the outer error status and falls back to _OTHER', () => {
    expect(classifyError(Object.assign(new Error('x'), { statusCode: 429 }))).toBe('rate_limit')
    expect(classifyError(new Error('x', { cause: new Error('y') }))).toBe('_OTHER')
  })
})
