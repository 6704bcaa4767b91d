import { describe, expect, it } from 'vitest'
import { cohereEmbedUsage, cohereUsage } from '../../../src/instrumentations/cohere/usage.js'

describe('cohereUsage', () => {
  it('records the processed tokens, not the billed units, and cached tokens as cache reads', () => {
    expect(
      cohereUsage({
        billedUnits: { inputTokens: 100, outputTokens: 25 },
        tokens: { inputTokens: 140, outputTokens: 25 },
        cachedTokens: 64,
      }),
    ).toEqual({ inputTokens: 140, outputTokens: 25, cacheReadTokens: 64 })
  })

  it('falls back to the billed units when there are no processed counts, in either spelling', () => {
    expect(cohereUsage({ billedUnits: { inputTokens: 100, outputTokens: 25 } })).toEqual({
      inputTokens: 100,
      outputTokens: 25,
    })
    expect(cohereUsage({ billed_units: { input_tokens: 7, output_tokens: 3 } })).toEqual({
      inputTokens: 7,
      outputTokens: 3,
    })
  })

  it('gives nothing for a usage without counts', () => {
    expect(cohereUsage({ billedUnits: { searchUnits: 1 } })).toBeUndefined()
    expect(cohereUsage(undefined)).toBeUndefined()
  })

  it('reads an embed meta as input only', () => {
    expect(cohereEmbedUsage({ apiVersion: { version: '2' }, billedUnits: { inputTokens: 9 } })).toEqual({
      inputTokens: 9,
    })
    expect(cohereEmbedUsage({ tokens: { inputTokens: 11 }, billedUnits: { inputTokens: 9 } })).toEqual({
      inputTokens: 11,
    })
  })
})
