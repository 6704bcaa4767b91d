/**
 * The budget gauges (`llmeter.budget.limit`, `.spend`, `.remaining`), observed at collection time
 * from the manager's cached state, one series per budget with its name and window.
 *
 * @module
 */
import type { BatchObservableCallback, Meter } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { ATTR_LLMETER_BUDGET_NAME, ATTR_LLMETER_BUDGET_WINDOW } from '../semconv/attributes.js'
import { METRICS } from '../semconv/metrics.js'
import type { BudgetConfig } from './types.js'

export interface BudgetFigures {
  budget: BudgetConfig
  spendUsd: number
  remainingUsd: number
}

/**
 * Registers the three gauges; `read` is called once per collection. Returns the function that
 * removes the callback again (the gauges then report nothing).
 *
 * @example
 * const stop = observeBudgetGauges(meter, () => manager.snapshot())
 * stop() // on shutdown
 */
export function observeBudgetGauges(meter: Meter, read: () => BudgetFigures[]): () => void {
  const gauge = (def: { name: string; unit: string; description: string }) =>
    meter.createObservableGauge(def.name, { unit: def.unit, description: def.description })
  const limit = gauge(METRICS.budgetLimit)
  const spend = gauge(METRICS.budgetSpend)
  const remaining = gauge(METRICS.budgetRemaining)
  const observables = [limit, spend, remaining]
  const callback: BatchObservableCallback = (result) => {
    let all: BudgetFigures[]
    try {
      all = read()
    } catch (err) {
      log.debug('reading budget figures failed', err)
      return
    }
    for (const figures of all) {
      const attrs = {
        [ATTR_LLMETER_BUDGET_NAME]: figures.budget.name,
        [ATTR_LLMETER_BUDGET_WINDOW]: figures.budget.window,
      }
      result.observe(limit, figures.budget.limitUsd, attrs)
      result.observe(spend, figures.spendUsd, attrs)
      result.observe(remaining, figures.remainingUsd, attrs)
    }
  }
  meter.addBatchObservableCallback(callback, observables)
  let removed = false
  return () => {
    if (removed) return
    removed = true
    meter.removeBatchObservableCallback(callback, observables)
  }
}
