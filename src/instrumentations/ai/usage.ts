/**
 * AI SDK usage objects -> llmeter usage. The language-model specification (v2 to v4) reports
 * `inputTokens.total` with cache reads and writes included and `outputTokens.total` with
 * reasoning included, which is llmeter's convention already; older v2 models report flat numbers.
 * The kinds the specification has no field for (1-hour cache writes, audio, image) are read from
 * `usage.raw`, the provider's own usage object (v3 and later), with the catalog's extractor for
 * its wire format (src/pricing/extract-usage.ts).
 *
 * @module
 */
import { providerUsage, type UsageFormat } from '../../pricing/extract-usage.js'
import { USAGE_FIELDS } from '../../semconv/usage-kinds.js'
import type { LlmUsage } from '../../tracking/usage.js'

type Count = number | { total?: number } | undefined
interface ModelUsage {
  inputTokens?: Count & { cacheRead?: number; cacheWrite?: number }
  outputTokens?: Count & { reasoning?: number }
  /** The provider's own usage object (v3 and later). */
  raw?: unknown
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

type Dict = Record<string, unknown>

/**
 * Which wire format a raw usage object is in, from the fields only that format has (the
 * middleware sees every provider's model alike, so the object itself tells).
 */
function rawFormat(raw: Dict): UsageFormat | undefined {
  if ('prompt_tokens' in raw) return 'openai-chat'
  if ('cache_creation_input_tokens' in raw || 'cache_read_input_tokens' in raw || 'cache_creation' in raw)
    return 'anthropic'
  if ('input_tokens_details' in raw || 'output_tokens_details' in raw) return 'openai-responses'
  if ('promptTokenCount' in raw || 'candidatesTokenCount' in raw) return 'google'
  return undefined
}

/** Fills the kinds `usage` lacks from the provider's raw usage object. */
function withRawDetails(usage: LlmUsage, raw: unknown): LlmUsage {
  if (!raw || typeof raw !== 'object') return usage
  const format = rawFormat(raw as Dict)
  const detail = format === undefined ? undefined : providerUsage(format, raw)
  if (!detail) return usage
  for (const field of USAGE_FIELDS) {
    // The specification's own counts win: they are what the SDK reports (summed over iterations).
    if (usage[field] === undefined && detail[field] !== undefined) usage[field] = detail[field]
  }
  return usage
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
  const result: LlmUsage = {
    inputTokens: total(input),
    outputTokens: total(output),
    cacheReadTokens:
      num(typeof input === 'object' ? input?.cacheRead : undefined) ?? num(u.cachedInputTokens),
    cacheWriteTokens: num(typeof input === 'object' ? input?.cacheWrite : undefined),
    reasoningTokens:
      num(typeof output === 'object' ? output?.reasoning : undefined) ?? num(u.reasoningTokens),
  }
  return withRawDetails(result, u.raw)
}

/** The usage of one embedding-model call (`{ tokens }`): all of it is input. */
export function embeddingUsage(usage: unknown): LlmUsage | undefined {
  const tokens = (usage as { tokens?: unknown } | undefined)?.tokens
  return typeof tokens === 'number' ? { inputTokens: tokens } : undefined
}
