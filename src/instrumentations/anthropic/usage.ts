/**
 * Anthropic usage -> llmeter usage. Anthropic reports `input_tokens` WITHOUT the cache reads and
 * writes (`cache_read_input_tokens`, `cache_creation_input_tokens`); llmeter counts all input
 * tokens as input (src/tracking/usage.ts), so they are added up. Extended-thinking tokens are part
 * of `output_tokens` and not reported apart, so no reasoning count is recorded.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

const count = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0)

/** Anthropic usage -> llmeter usage (input includes cache reads and writes). */
export function anthropicUsage(usage: Usage): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  const cacheRead = count(usage.cache_read_input_tokens)
  const cacheWrite = count(usage.cache_creation_input_tokens)
  return {
    inputTokens:
      typeof usage.input_tokens === 'number' ? usage.input_tokens + cacheRead + cacheWrite : undefined,
    outputTokens: usage.output_tokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  }
}
