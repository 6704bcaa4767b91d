import { describe, expect, it } from 'vitest'
import { aiUsage } from '../../../src/instrumentations/ai/usage.js'

describe('AI SDK usage: the kinds the specification has no field for, from the raw usage', () => {
  it('reads Anthropic 1-hour cache writes from the raw usage and keeps the specification counts', () => {
    const usage = aiUsage({
      inputTokens: { total: 4000, noCache: 1000, cacheRead: 0, cacheWrite: 3000 },
      outputTokens: { total: 100, text: undefined, reasoning: undefined },
      raw: {
        input_tokens: 1000,
        cache_creation_input_tokens: 3000,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3000 },
        output_tokens: 100,
      },
    })
    expect(usage).toEqual({
      inputTokens: 4000,
      outputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 3000,
    })
  })

  it('reads audio tokens from an OpenAI chat raw usage', () => {
    const usage = aiUsage({
      inputTokens: { total: 1000, noCache: 1000, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 500, text: 500, reasoning: 0 },
      raw: {
        prompt_tokens: 1000,
        completion_tokens: 500,
        prompt_tokens_details: { audio_tokens: 800 },
        completion_tokens_details: { audio_tokens: 400 },
      },
    })
    expect(usage).toMatchObject({
      inputTokens: 1000,
      inputAudioTokens: 800,
      outputTokens: 500,
      outputAudioTokens: 400,
    })
  })

  it("reads per-modality counts from Gemini's usageMetadata shape", () => {
    const usage = aiUsage({
      inputTokens: { total: 1300, noCache: 1300, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 50, text: 50, reasoning: undefined },
      raw: {
        promptTokenCount: 1300,
        candidatesTokenCount: 50,
        promptTokensDetails: [
          { modality: 'TEXT', tokenCount: 300 },
          { modality: 'IMAGE', tokenCount: 1000 },
        ],
      },
    })
    expect(usage).toMatchObject({ inputTokens: 1300, inputImageTokens: 1000, outputTokens: 50 })
  })

  it('uses the specification counts alone when there is no raw usage (v2 models)', () => {
    expect(aiUsage({ inputTokens: 10, outputTokens: 2 })).toEqual({ inputTokens: 10, outputTokens: 2 })
  })
})
