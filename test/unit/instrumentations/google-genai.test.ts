import { GoogleGenAI } from '@google/genai'
import { describe, expect, it } from 'vitest'
import { describeEmbed, describeGenerate } from '../../../src/instrumentations/google-genai/describe.js'
import { embedUsage, geminiUsage } from '../../../src/instrumentations/google-genai/usage.js'

describe('Gemini usageMetadata', () => {
  it('counts thoughts as output and reasoning, tool-use prompt as input, cached content as cache_read', () => {
    expect(
      geminiUsage({
        promptTokenCount: 100,
        cachedContentTokenCount: 30,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 15,
        toolUsePromptTokenCount: 5,
        totalTokenCount: 140,
      }),
    ).toEqual({ inputTokens: 105, outputTokens: 35, cacheReadTokens: 30, reasoningTokens: 15 })
  })

  it('reads per-modality audio counts', () => {
    expect(
      geminiUsage({
        promptTokenCount: 50,
        promptTokensDetails: [
          { modality: 'TEXT', tokenCount: 10 },
          { modality: 'AUDIO', tokenCount: 40 },
        ],
        candidatesTokenCount: 8,
      }),
    ).toEqual({ inputTokens: 50, inputAudioTokens: 40, outputTokens: 8 })
  })

  it('has nothing to say about an absent or empty usage', () => {
    expect(geminiUsage(undefined)).toBeUndefined()
    expect(geminiUsage({})).toBeUndefined()
  })

  it('reads embeddings from usageMetadata, else the sum of per-embedding token counts', () => {
    expect(embedUsage({ usageMetadata: { promptTokenCount: 12 } })).toEqual({ inputTokens: 12 })
    expect(
      embedUsage({ embeddings: [{ statistics: { tokenCount: 3 } }, { statistics: { tokenCount: 4 } }] }),
    ).toEqual({ inputTokens: 7 })
    expect(embedUsage({ embeddings: [{ values: [0.1] }] })).toBeUndefined()
  })
})

describe('what a Gemini request is', () => {
  const params = [{ model: 'gemini-2.5-flash', contents: 'hi' }]

  it('names the default Gemini API host when no baseUrl is given', () => {
    const ai = new GoogleGenAI({ apiKey: 'k' })
    expect(describeGenerate(ai.models, params)?.call).toEqual({
      provider: 'gcp.gemini',
      model: 'gemini-2.5-flash',
      operation: 'generate_content',
      serverAddress: 'generativelanguage.googleapis.com',
      serverPort: 443,
    })
  })

  it('names the regional Vertex AI host for a project and location', () => {
    const ai = new GoogleGenAI({
      vertexai: true,
      project: 'p',
      location: 'europe-west4',
      googleAuthOptions: { authClient: {} as never },
    })
    expect(describeGenerate(ai.models, params)?.call).toMatchObject({
      provider: 'gcp.vertex_ai',
      serverAddress: 'europe-west4-aiplatform.googleapis.com',
      serverPort: 443,
    })
  })

  it('records a model resource name by its id, and a tuned model by its whole name', () => {
    const ai = new GoogleGenAI({ apiKey: 'k' })
    const model = (name: string) => describeGenerate(ai.models, [{ model: name }])?.call.model
    expect(model('models/gemini-2.5-flash')).toBe('gemini-2.5-flash')
    expect(model('projects/p/locations/l/publishers/google/models/gemini-2.5-pro')).toBe('gemini-2.5-pro')
    expect(model('tunedModels/abc-123')).toBe('tunedModels/abc-123')
    expect(describeEmbed(ai.models, [{ model: 'gemini-embedding-001' }])?.call.operation).toBe('embeddings')
  })

  it('leaves a call without parameters untracked', () => {
    const ai = new GoogleGenAI({ apiKey: 'k' })
    expect(describeGenerate(ai.models, [])).toBeUndefined()
  })
})
