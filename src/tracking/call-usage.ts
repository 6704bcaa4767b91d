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
import type { CallCost } from '../recording/ports.js'
import type { Recorder } from '../recording/recorder.js'
import { OTHER_VALUE } from '../semconv/attributes.js'
import type { LlmUsage } from './usage.js'

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
  const clean: LlmUsage = {
    inputTokens: count(usage.inputTokens, 'input token count'),
    outputTokens: count(usage.outputTokens, 'output token count'),
    cacheReadTokens: count(usage.cacheReadTokens, 'cache-read token count'),
    cacheWriteTokens: count(usage.cacheWriteTokens, 'cache-write token count'),
    reasoningTokens: count(usage.reasoningTokens, 'reasoning token count'),
  }
  const { tokenUsage } = recorder.instruments
  if (clean.inputTokens !== undefined) tokenUsage.record(clean.inputTokens, attrs.inputTokens)
  if (clean.outputTokens !== undefined) tokenUsage.record(clean.outputTokens, attrs.outputTokens)
  // Slots follow TOKEN_SLOTS: input, output, cache_read, cache_write, reasoning.
  const tokens = series.tokens
  tokens[0]! += clean.inputTokens ?? 0
  tokens[1]! += clean.outputTokens ?? 0
  tokens[2]! += clean.cacheReadTokens ?? 0
  tokens[3]! += clean.cacheWriteTokens ?? 0
  tokens[4]! += clean.reasoningTokens ?? 0
  recordCost(recorder, series, clean, context)
}

function price(recorder: Recorder, usage: LlmUsage, context: UsageContext): CallCost | undefined {
  const pricer = recorder.pricer!
  const providerCostUsd = nonNegative(context.providerCost, 'provider-reported cost', MAX_USD_PER_CALL)
  for (const model of context.models) {
    if (model === undefined || model === OTHER_VALUE) continue
    const cost = pricer.price({ provider: context.provider, model, usage, providerCostUsd })
    if (cost) return cost
  }
  return undefined
}

function recordCost(recorder: Recorder, series: CallSeries, usage: LlmUsage, context: UsageContext): void {
  if (!recorder.pricer) return
  const cost = price(recorder, usage, context)
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
  // Slots follow COST_SLOTS: input, output, cache_read, cache_write, reasoning, request.
  const parts = [cost.input, cost.output, cost.cacheRead, cost.cacheWrite, cost.reasoning, cost.request]
  const slots = series.cost
  for (let i = 0; i < parts.length; i++) {
    const usd = parts[i]!
    if (usd > 0 && usd <= MAX_USD_PER_CALL) slots[i]! += usd
  }
  if (cost.total > 0 && cost.total <= MAX_USD_PER_CALL) recorder.budgets?.add(cost.total, context.budgetAttrs)
}
