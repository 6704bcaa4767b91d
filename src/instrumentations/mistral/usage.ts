/**
 * Mistral usage -> llmeter usage. The Mistral API reports `prompt_tokens` (cached tokens
 * included, in `prompt_tokens_details.cached_tokens`) and `completion_tokens` (reasoning included,
 * in `completion_tokens_details.reasoning_tokens`), as OpenAI does. The SDK renames the fields it
 * declares to camelCase (`promptTokens`, `completionTokens`) and keeps the others as they came
 * (`prompt_tokens_details`); both spellings are read. Embeddings bill input only: the SDK fills a
 * missing `completion_tokens` with 0, which is not recorded as output.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Usage = Record<string, any> | null | undefined

const count = (...values: unknown[]): number | undefined => {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v
  return undefined
}

/**
 * A chat completion's `usage` (also the last stream chunk's).
 *
 * @example
 * mistralUsage({ promptTokens: 120, completionTokens: 30, prompt_tokens_details: { cached_tokens: 100 } })
 * // { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100 }
 */
export function mistralUsage(usage: Usage): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  const result: LlmUsage = {}
  const input = count(usage.promptTokens, usage.prompt_tokens)
  const output = count(usage.completionTokens, usage.completion_tokens)
  const promptDetails = usage.promptTokensDetails ?? usage.prompt_tokens_details
  const completionDetails = usage.completionTokensDetails ?? usage.completion_tokens_details
  const cached = count(promptDetails?.cachedTokens, promptDetails?.cached_tokens)
  const reasoning = count(completionDetails?.reasoningTokens, completionDetails?.reasoning_tokens)
  if (input !== undefined) result.inputTokens = input
  if (output !== undefined) result.outputTokens = output
  if (cached) result.cacheReadTokens = cached
  if (reasoning) result.reasoningTokens = reasoning
  return input === undefined && output === undefined ? undefined : result
}

/** An embeddings `usage`: all of it is input. */
export function mistralEmbeddingsUsage(usage: Usage): LlmUsage | undefined {
  const input = count(usage?.promptTokens, usage?.prompt_tokens)
  return input === undefined ? undefined : { inputTokens: input }
}
