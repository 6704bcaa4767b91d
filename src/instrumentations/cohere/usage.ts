/**
 * Cohere v2 usage -> llmeter usage. A v2 chat response (and a stream's `message-end` event)
 * reports two counts: `usage.tokens` (every token the model processed and generated) and
 * `usage.billed_units` (the tokens Cohere bills, which can be fewer). llmeter records `tokens`,
 * what the model did, and reads `billed_units` only when a response has no `tokens`.
 * `cached_tokens` (part of the input) are cache reads. Embeddings report the same two in `meta`,
 * input only. The SDK renames fields to camelCase (`inputTokens`, `billedUnits`); both spellings
 * are read.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

const count = (...values: unknown[]): number | undefined => {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v
  return undefined
}

/** The processed-token counts, else the billed ones. */
function counts(usage: Usage): Record<string, any> | undefined {
  return usage?.tokens ?? usage?.billedUnits ?? usage?.billed_units
}

/**
 * A chat `usage` (also `message-end`'s `delta.usage`).
 *
 * @example
 * cohereUsage({ billedUnits: { inputTokens: 10, outputTokens: 20 }, tokens: { inputTokens: 140, outputTokens: 20 } })
 * // { inputTokens: 140, outputTokens: 20 }
 */
export function cohereUsage(usage: Usage): LlmUsage | undefined {
  const tokens = counts(usage)
  const input = count(tokens?.inputTokens, tokens?.input_tokens)
  const output = count(tokens?.outputTokens, tokens?.output_tokens)
  if (input === undefined && output === undefined) return undefined
  const result: LlmUsage = {}
  if (input !== undefined) result.inputTokens = input
  if (output !== undefined) result.outputTokens = output
  const cached = count(usage?.cachedTokens, usage?.cached_tokens)
  if (cached) result.cacheReadTokens = cached
  return result
}

/** An embed response's `meta`: all of it is input. */
export function cohereEmbedUsage(meta: Usage): LlmUsage | undefined {
  const tokens = counts(meta)
  const input = count(tokens?.inputTokens, tokens?.input_tokens)
  return input === undefined ? undefined : { inputTokens: input }
}
