/**
 * Anthropic usage -> llmeter usage, read by `@pydantic/genai-prices`' Anthropic extractor
 * (src/pricing/extract-usage.ts). Anthropic reports `input_tokens` WITHOUT the cache reads and
 * writes (`cache_read_input_tokens`, `cache_creation_input_tokens`); llmeter counts all input
 * tokens as input (src/tracking/usage.ts), so the extractor adds them up. The cache writes are
 * broken down by lifetime in `cache_creation` (`ephemeral_5m_input_tokens`,
 * `ephemeral_1h_input_tokens`): 1-hour writes cost more and are counted as `cacheWrite1hTokens`.
 *
 * @module
 */
import { providerUsage } from '../../pricing/extract-usage.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

/**
 * Anthropic usage -> llmeter usage (input includes cache reads and writes).
 *
 * @example
 * anthropicUsage({ input_tokens: 1000, cache_creation_input_tokens: 3000,
 *   cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3000 }, output_tokens: 100 })
 * // { inputTokens: 4000, cacheWriteTokens: 3000, cacheWrite1hTokens: 3000, outputTokens: 100, ... }
 */
export function anthropicUsage(usage: Usage): LlmUsage | undefined {
  return providerUsage('anthropic', usage)
}
