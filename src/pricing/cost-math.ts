/**
 * Turns usage and per-1M rates into a cost breakdown. The usage conventions matter here (peers got
 * them wrong: LiteLLM #11364, #16341): every token kind counts its child kinds' tokens too (cache
 * reads and writes, audio and image are part of `inputTokens`; reasoning, audio and image are part
 * of `outputTokens`; 1-hour cache writes are part of `cacheWriteTokens`), so each token is billed
 * exactly once, at the rate of its most specific kind. The kinds and their nesting come from
 * `src/semconv/usage-kinds.ts`.
 *
 * @module
 */
import {
  COST_PARTS,
  PARENT_INDEX,
  USAGE_FIELDS,
  USAGE_KINDS,
  type UsageKindName,
} from '../semconv/usage-kinds.js'
import type { CostBreakdown, LlmUsage, PriceSource, Rates } from './types.js'

/** Usage split into disjoint token groups, by kind in `USAGE_KINDS` order. */
export interface TokenSplit {
  /** Each kind's tokens, raised to the sum of its child kinds when they report more. */
  readonly totals: readonly number[]
  /** Each kind's own part: its tokens that belong to none of its child kinds. */
  readonly parts: readonly number[]
  /** All input tokens (the tier of long-context prices is chosen by it). */
  readonly totalInput: number
}

const INPUT = USAGE_KINDS.findIndex((k) => k.name === 'input')

function tokens(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0
}

/**
 * Splits usage into disjoint parts. When a kind's children report more than the kind itself (a
 * provider that reported input without its cached tokens), the children are trusted and the kind
 * raised to their sum, rather than billing negative tokens.
 *
 * @example
 * splitUsage({ inputTokens: 1000, cacheReadTokens: 400, outputTokens: 300, reasoningTokens: 100 })
 * // parts: input 600, output 200, cacheRead 400, reasoning 100, every other kind 0
 */
export function splitUsage(usage: LlmUsage): TokenSplit {
  const n = USAGE_KINDS.length
  const totals = new Array<number>(n).fill(0)
  const children = new Array<number>(n).fill(0)
  // Children come after their parents in the table: walking backwards sees every child first.
  for (let i = n - 1; i >= 0; i--) {
    totals[i] = Math.max(tokens(usage[USAGE_FIELDS[i]!]), children[i]!)
    const parent = PARENT_INDEX[i]!
    if (parent >= 0) children[parent]! += totals[i]!
  }
  const parts = totals.map((total, i) => total - children[i]!)
  return { totals, parts, totalInput: totals[INPUT]! }
}

/**
 * Rates for every kind from the prices a source lists: a kind without its own price bills at its
 * parent kind's (the totals at 0).
 *
 * @example
 * resolveRates((kind) => ({ input: 2, output: 8 })[kind], 0) // cacheRead 2, reasoning 8, ...
 */
export function resolveRates(own: (kind: UsageKindName) => number | undefined, request: number): Rates {
  const rates = { request } as Rates
  // Parents come first in the table, so a parent's rate is resolved before its children's.
  for (let i = 0; i < USAGE_KINDS.length; i++) {
    const kind = USAGE_KINDS[i]!
    const parent = PARENT_INDEX[i]!
    rates[kind.name] = own(kind.name) ?? (parent >= 0 ? rates[USAGE_KINDS[parent]!.name] : 0)
  }
  return rates
}

/**
 * The cost of `split` at `rates` (USD per 1M tokens; `request` per call).
 *
 * @example
 * costFromRates(splitUsage({ inputTokens: 1e6, outputTokens: 1e6 }), rates, 'user').total
 */
export function costFromRates(split: TokenSplit, rates: Rates, source: PriceSource): CostBreakdown {
  const cost = { source, request: rates.request } as CostBreakdown
  let total = rates.request
  for (let i = 0; i < USAGE_KINDS.length; i++) {
    const name = USAGE_KINDS[i]!.name
    const usd = (split.parts[i]! * rates[name]) / 1e6
    cost[name] = usd
    total += usd
  }
  cost.total = total
  return cost
}

/** A breakdown of `total` USD with every part 0. */
export function emptyBreakdown(total: number, source: PriceSource): CostBreakdown {
  const cost = { total, source } as CostBreakdown
  for (const part of COST_PARTS) cost[part.name] = 0
  return cost
}

/**
 * A cost the provider returned, split like `estimate` when one is known (so the cost-type label stays
 * meaningful), else counted as input.
 */
export function providerCost(totalUsd: number, estimate: CostBreakdown | undefined): CostBreakdown {
  const cost = emptyBreakdown(totalUsd, 'provider')
  if (!estimate || !(estimate.total > 0) || totalUsd === 0) {
    cost.input = totalUsd
    return cost
  }
  const scale = totalUsd / estimate.total
  let others = 0
  for (const part of COST_PARTS) {
    if (part.name === 'input') continue
    cost[part.name] = estimate[part.name] * scale
    others += cost[part.name]
  }
  // Input takes the remainder, so the parts sum to the provider's figure exactly.
  cost.input = Math.max(0, totalUsd - others)
  return cost
}
