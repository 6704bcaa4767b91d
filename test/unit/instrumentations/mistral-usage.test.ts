import { describe, expect, it } from 'vitest'
import { mistralEmbeddingsUsage, mistralUsage } from '../../../src/instrumentations/mistral/usage.js'

describe('mistralUsage', () => {
  it('reads the fields the SDK renames and the details it keeps as they came', () => {
    expect(
      mistralUsage({
        promptTokens: 1200,
        completionTokens: 300,
        totalTokens: 1500,
        prompt_tokens_details: { cached_tokens: 1000 },
        completion_tokens_details: { reasoning_tokens: 120 },
      }),
    ).toEqual({ inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000, reasoningTokens: 120 })
  })

  it('reads the wire spelling too, and leaves zero details out', () => {
    expect(
      mistralUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } }),
    ).toEqual({ inputTokens: 10, outputTokens: 2 })
  })

  it('gives nothing for a usage without counts', () => {
    expect(mistralUsage({ totalTokens: 5 })).toBeUndefined()
    expect(mistralUsage(null)).toBeUndefined()
  })

  it('counts embeddings as input only', () => {
    expect(mistralEmbeddingsUsage({ promptTokens: 12, completionTokens: 0, totalTokens: 12 })).toEqual({
      inputTokens: 12,
    })
    expect(mistralEmbeddingsUsage(undefined)).toBeUndefined()
  })
})
