/**
 * Gemini `usageMetadata` -> llmeter usage, read by `@pydantic/genai-prices`' Google extractor
 * (src/pricing/extract-usage.ts). Gemini counts thinking apart from the answer: `candidatesTokenCount`
 * excludes `thoughtsTokenCount` (the total is prompt + candidates + thoughts + tool-use prompt), and
 * thoughts are billed as output, so output is candidates + thoughts with the thoughts as
 * `reasoning`. `promptTokenCount` already includes the cached tokens (`cachedContentTokenCount`,
 * counted again as `cache_read`); `toolUsePromptTokenCount` (the prompt of tools such as search
 * grounding) is input too. Embeddings report no generation usage: Vertex's `predict` gives a
 * `statistics.tokenCount` per embedding (the SDK copies it there), which is all input.
 *
 * @module
 */
import { providerUsage } from '../../pricing/extract-usage.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

/**
 * A `generateContent` response's (or stream chunk's) `usageMetadata`.
 *
 * @example
 * geminiUsage({ promptTokenCount: 100, cachedContentTokenCount: 30, candidatesTokenCount: 20,
 *   thoughtsTokenCount: 15, toolUsePromptTokenCount: 5 })
 * // { inputTokens: 105, outputTokens: 35, cacheReadTokens: 30, reasoningTokens: 15 }
 */
export function geminiUsage(usage: Usage): LlmUsage | undefined {
  return providerUsage('google', usage)
}

/**
 * An `embedContent` response's usage: its `usageMetadata` when the API sends one (the Vertex
 * `embedContent` endpoint of Gemini embedding models), else the sum of the per-embedding token
 * counts (Vertex `predict`), else none (the Gemini API's `batchEmbedContents` reports no tokens).
 */
export function embedUsage(response: Usage): LlmUsage | undefined {
  const fromMetadata = geminiUsage(response?.usageMetadata)
  if (fromMetadata?.inputTokens !== undefined) return { inputTokens: fromMetadata.inputTokens }
  const embeddings = response?.embeddings
  if (!Array.isArray(embeddings)) return undefined
  let total = 0
  let any = false
  for (const e of embeddings) {
    const n = e?.statistics?.tokenCount
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) {
      total += n
      any = true
    }
  }
  return any ? { inputTokens: total } : undefined
}
