/**
 * AI SDK usage objects -> llmeter usage. The language-model specification (v2 to v4) reports
 * `inputTokens.total` with cache reads and writes included and `outputTokens.total` with
 * reasoning included, which is llmeter's convention already; older v2 models report flat numbers.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Count = number | { total?: number } | undefined
interface ModelUsage {
  inputTokens?: Count & { cacheRead?: number; cacheWrite?: number }
  outputTokens?: Count & { reasoning?: number }
  /** v2 flat fields. */
  cachedInputTokens?: number
  reasoningTokens?: number
}

function total(value: Count): number | undefined {
  if (typeof value === 'number') return value
  return typeof value?.total === 'number' ? value.total : undefined
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined
}

/**
 * The usage of one language-model call, from a `doGenerate` result or a stream's `finish` part.
 *
 * @example
 * aiUsage({ inputTokens: { total: 130, cacheRead: 30 }, outputTokens: { total: 20, reasoning: 5 } })
 * // { inputTokens: 130, outputTokens: 20, cacheReadTokens: 30, reasoningTokens: 5 }
 */
export function aiUsage(usage: unknown): LlmUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined
  const u = usage as ModelUsage
  const input = u.inputTokens
  const output = u.outputTokens
  return {
    inputTokens: total(input),
    outputTokens: total(output),
    cacheReadTokens:
      num(typeof input === 'object' ? input?.cacheRead : undefined) ?? num(u.cachedInputTokens),
    cacheWriteTokens: num(typeof input === 'object' ? input?.cacheWrite : undefined),
    reasoningTokens:
      num(typeof output === 'object' ? output?.reasoning : undefined) ?? num(u.reasoningTokens),
  }
}

/** The usage of one embedding-model call (`{ tokens }`): all of it is input. */
export function embeddingUsage(usage: unknown): LlmUsage | undefined {
  const tokens = (usage as { tokens?: unknown } | undefined)?.tokens
  return typeof tokens === 'number' ? { inputTokens: tokens } : undefined
}
