/**
 * What a finished call used and cost: token histograms and counters, then the price of those tokens
 * (a provider-reported cost first, then the user's table, then the catalog), counted per part and
 * added to matching budgets. Calls with tokens but no price are counted as unpriced, with one
 * warning per model.
 *
 * @module
 */
import type { CallSeries, EndAttributes } from '../aggregation/call-series.js'
import { warnOnce } from '../internal/diag.js'
import { count, MAX_USD_PER_CALL, nonNegative } from '../internal/numbers.js'
import { createPricer } from '../pricing/index.js'
import type { CallCost, CallPricer } from '../recording/ports.js'
import type { Recorder } from '../recording/recorder.js'
import { OTHER_VALUE } from '../semconv/attributes.js'
import { COST_PARTS, USAGE_FIELDS, USAGE_KINDS } from '../semconv/usage-kinds.js'
import type { LlmUsage } from './usage.js'

/** What an invalid count is called in its warning, per kind. */
const COUNT_NAMES = USAGE_KINDS.map((kind) => `${kind.label} token count`)

export interface UsageContext {
  provider: string
  /** Models to price by, in order (response model, then request model); undefined entries are skipped. */
  models: readonly (string | undefined)[]
  providerCost: unknown
  budgetAttrs: Readonly<Record<string, unknown>>
}

/** Records `usage` of one finished call. Invalid counts are dropped with one warning each. */
export function recordUsage(
  recorder: Recorder,
  series: CallSeries,
  attrs: EndAttributes,
  usage: LlmUsage,
  context: UsageContext,
): void {
  const clean: LlmUsage = {}
  const tokens = series.tokens
  for (let i = 0; i < USAGE_KINDS.length; i++) {
    const field = USAGE_FIELDS[i]!
    const n = count(usage[field], COUNT_NAMES[i]!)
    clean[field] = n
    // Slot i of the series is kind i of the table.
    tokens[i]! += n ?? 0
  }
  // The semconv histogram carries only the convention's two types, input and output.
  const { tokenUsage } = recorder.instruments
  if (clean.inputTokens !== undefined) tokenUsage.record(clean.inputTokens, attrs.inputTokens)
  if (clean.outputTokens !== undefined) tokenUsage.record(clean.outputTokens, attrs.outputTokens)
  recordCost(recorder, series, clean, context)
}

/** Prices calls on the bundled catalog when the recorder has no configured pricer (built on first use). */
let catalogPricer: CallPricer | undefined

function bundledCatalogPricer(): CallPricer {
  catalogPricer ??= createPricer().pricer
  return catalogPricer
}

function price(pricer: CallPricer, usage: LlmUsage, context: UsageContext): CallCost | undefined {
  const providerCostUsd = nonNegative(context.providerCost, 'provider-reported cost', MAX_USD_PER_CALL)
  for (const model of context.models) {
    if (model === undefined || model === OTHER_VALUE) continue
    const cost = pricer.price({ provider: context.provider, model, usage, providerCostUsd })
    if (cost) return cost
  }
  return undefined
}

function recordCost(recorder: Recorder, series: CallSeries, usage: LlmUsage, context: UsageContext): void {
  const pricer = recorder.pricer ?? bundledCatalogPricer()
  const cost = price(pricer, usage, context)
  if (!cost) {
    if ((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) > 0) {
      series.unpriced++
      const model = context.models.find((m) => m !== undefined)
      warnOnce(
        `unpriced:${context.provider}:${model}`,
        `no price known for ${context.provider} model "${model}": its cost is not recorded (counted in llmeter.llm.unpriced). Add it to your price table (LLMETER_PRICES_FILE); see docs/pricing.md`,
      )
    }
    return
  }
  const slots = series.cost
  for (let i = 0; i < COST_PARTS.length; i++) {
    // Slot i of the series is part i of the table; a pricer may leave parts it does not know out.
    const usd = cost[COST_PARTS[i]!.name] ?? 0
    if (usd > 0 && usd <= MAX_USD_PER_CALL) slots[i]! += usd
  }
  if (cost.total > 0 && cost.total <= MAX_USD_PER_CALL) recorder.budgets?.add(cost.total, context.budgetAttrs)
}
