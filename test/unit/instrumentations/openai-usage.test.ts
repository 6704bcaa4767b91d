import { describe, expect, it } from 'vitest'
import {
  chatUsage,
  embeddingsUsage,
  reportedCost,
  responsesUsage,
} from '../../../src/instrumentations/openai/usage.js'
import { endpointOf, providerForHost } from '../../../src/instrumentations/shared/endpoint.js'

describe('openai usage mapping', () => {
  it('keeps chat prompt_tokens as input (cached tokens are already in it) and reads the details', () => {
    const usage = chatUsage({
      prompt_tokens: 130,
      completion_tokens: 20,
      prompt_tokens_details: { cached_tokens: 30 },
      completion_tokens_details: { reasoning_tokens: 5 },
    })
    expect(usage).toEqual({ inputTokens: 130, outputTokens: 20, cacheReadTokens: 30, reasoningTokens: 5 })
  })

  it('reads audio, image and cache-write counts from the chat details', () => {
    const usage = chatUsage({
      prompt_tokens: 1000,
      completion_tokens: 500,
      prompt_tokens_details: {
        audio_tokens: 800,
        image_tokens: 50,
        cached_tokens: 0,
        cache_write_tokens: 40,
      },
      completion_tokens_details: { audio_tokens: 400, reasoning_tokens: 0 },
    })
    expect(usage).toEqual({
      inputTokens: 1000,
      outputTokens: 500,
      cacheReadTokens: 0,
      cacheWriteTokens: 40,
      inputAudioTokens: 800,
      inputImageTokens: 50,
      outputAudioTokens: 400,
      reasoningTokens: 0,
    })
  })

  it('reads cache writes from the Responses API details', () => {
    const usage = responsesUsage({
      input_tokens: 90,
      output_tokens: 4,
      input_tokens_details: { cached_tokens: 20, cache_write_tokens: 30 },
      output_tokens_details: { reasoning_tokens: 0 },
    })
    expect(usage).toEqual({
      inputTokens: 90,
      outputTokens: 4,
      cacheReadTokens: 20,
      cacheWriteTokens: 30,
      reasoningTokens: 0,
    })
  })

  it('maps the Responses API usage names', () => {
    const usage = responsesUsage({
      input_tokens: 9,
      output_tokens: 4,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens_details: { reasoning_tokens: 1 },
    })
    expect(usage).toEqual({ inputTokens: 9, outputTokens: 4, cacheReadTokens: 2, reasoningTokens: 1 })
  })

  it('counts only input tokens for embeddings, and nothing for a missing usage', () => {
    expect(embeddingsUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8 })
    expect(chatUsage(null)).toBeUndefined()
    expect(responsesUsage(undefined)).toBeUndefined()
  })

  it('takes a cost the gateway reported in usage.cost', () => {
    expect(reportedCost({ cost: 0.0012 })).toBe(0.0012)
    expect(reportedCost({ cost: '1' })).toBeUndefined()
  })
})

describe('openai-compatible endpoints', () => {
  it('reads server.address and server.port from the base URL, default ports filled in', () => {
    expect(endpointOf('http://127.0.0.1:8787/v1')).toEqual({ address: '127.0.0.1', port: 8787 })
    expect(endpointOf('https://api.openai.com/v1')).toEqual({ address: 'api.openai.com', port: 443 })
    expect(endpointOf('http://[::1]:9000/v1')).toEqual({ address: '::1', port: 9000 })
    expect(endpointOf('not a url')).toEqual({ address: undefined, port: undefined })
  })

  it.each([
    ['api.openai.com', 'openai'],
    ['localhost', 'openai'],
    ['my-res.openai.azure.com', 'azure.ai.openai'],
    ['api.groq.com', 'groq'],
    ['api.deepseek.com', 'deepseek'],
    ['api.x.ai', 'x_ai'],
    ['api.mistral.ai', 'mistral_ai'],
    ['openrouter.ai', 'openrouter'],
    ['generativelanguage.googleapis.com', 'gcp.gemini'],
    ['notgroq.com.example', 'openai'],
  ])('names the provider of host %s as %s', (host, expected) => {
    expect(providerForHost(host, 'openai')).toBe(expected)
  })
})
