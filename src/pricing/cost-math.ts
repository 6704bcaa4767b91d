/**
 * Turns usage and per-1M rates into a cost breakdown. The usage conventions matter here (peers got
 * them wrong: LiteLLM #11364, #16341): cache-read and cache-write tokens are part of `inputTokens`,
 * reasoning tokens are part of `outputTokens`, so each token is billed exactly once, at the rate of
 * its most specific type.
 *
 * @module
 */
import type { CostBreakdown, LlmUsage, PriceSource, Rates } from './types.js'

/** Usage split into disjoint token groups. */
export interface TokenSplit {
  /** All input tokens (never less than cache reads plus cache writes). */
  totalInput: number
  uncachedInput: number
  cacheRead: number
  cacheWrite: number
  /** All output tokens (never less than reasoning). */
  totalOutput: number
  /** Output tokens that are not reasoning tokens. */
  textOutput: number
  reasoning: number
}

function tokens(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
}

/**
 * Splits usage into disjoint groups. When the reported parts exceed their total (a provider that
 * reported input without its cached tokens), the parts are trusted and the total raised to them,
 * rather than billing negative uncached tokens.
 *
 * @example
 * splitUsage({ inputTokens: 1000, cacheReadTokens: 400, outputTokens: 300, reasoningTokens: 100 })
 * // { totalInput: 1000, uncachedInput: 600, cacheRead: 400, ..., textOutput: 200, reasoning: 100 }
 */
export function splitUsage(usage: LlmUsage): TokenSplit {
  const cacheRead = tokens(usage.cacheReadTokens)
  const cacheWrite = tokens(usage.cacheWriteTokens)
  const totalInput = Math.max(tokens(usage.inputTokens), cacheRead + cacheWrite)
  const reasoning = tokens(usage.reasoningTokens)
  const totalOutput = Math.max(tokens(usage.outputTokens), reasoning)
  return {
    totalInput,
    uncachedInput: totalInput - cacheRead - cacheWrite,
    cacheRead,
    cacheWrite,
    totalOutput,
    textOutput: totalOutput - reasoning,
    reasoning,
  }
}

/**
 * The cost of `split` at `rates` (USD per 1M tokens; `request` per call).
 *
 * @example
 * costFromRates(splitUsage({ inputTokens: 1e6, outputTokens: 1e6 }), rates, 'user').total
 */
export function costFromRates(split: TokenSplit, rates: Rates, source: PriceSource): CostBreakdown {
  const input = (split.uncachedInput * rates.input) / 1e6
  const cacheRead = (split.cacheRead * rates.cacheRead) / 1e6
  const cacheWrite = (split.cacheWrite * rates.cacheWrite) / 1e6
  const output = (split.textOutput * rates.output) / 1e6
  const reasoning = (split.reasoning * rates.reasoning) / 1e6
  const request = rates.request
  return {
    total: input + output + cacheRead + cacheWrite + reasoning + request,
    input,
    output,
    cacheRead,
    cacheWrite,
    reasoning,
    request,
    source,
  }
}

/**
 * A cost the provider returned, split like `estimate` when one is known (so the cost-type label stays
 * meaningful), else counted as input.
 */
export function providerCost(totalUsd: number, estimate: CostBreakdown | undefined): CostBreakdown {
  const cost: CostBreakdown = {
    total: totalUsd,
    input: totalUsd,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    request: 0,
    source: 'provider',
  }
  if (!estimate || !(estimate.total > 0) || totalUsd === 0) return cost
  const scale = totalUsd / estimate.total
  cost.output = estimate.output * scale
  cost.cacheRead = estimate.cacheRead * scale
  cost.cacheWrite = estimate.cacheWrite * scale
  cost.reasoning = estimate.reasoning * scale
  cost.request = estimate.request * scale
  // Input takes the remainder, so the parts sum to the provider's figure exactly.
  cost.input = Math.max(
    0,
    totalUsd - cost.output - cost.cacheRead - cost.cacheWrite - cost.reasoning - cost.request,
  )
  return cost
}
