/**
 * Builds the pricer and the budget manager from the configuration: prices from the bundled
 * catalog plus the user's table, budgets from code and file, spend in the configured store.
 * Problems (a bad price entry, an unreadable file, a store that cannot be opened) are logged once
 * each; none stops llmeter. The store's code (file lock, Redis client) is loaded only when that
 * store is configured, and a Redis store that fails leaves budgets counting in memory.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api'
import { loadBudgetsFile } from '../budgets/budget-config.js'
import { BudgetManager } from '../budgets/budget-manager.js'
import { openSpendStore } from '../budgets/open-store.js'
import type { ResolvedConfig } from '../config.js'
import { log } from '../internal/diag.js'
import { createPricer, type Pricer } from '../pricing/index.js'

export interface CostSetup {
  pricer: Pricer
  budgets: BudgetManager | undefined
  /**
   * Removes the budget gauges' callback from the meter. Idempotent. Flushing spend and closing
   * the store stay with `budgets.shutdown()`.
   */
  dispose(): void
}

/**
 * @example
 * const cost = setupCost(config, meter)
 * // on shutdown, or when start() fails after this point:
 * cost.dispose()
 * await cost.budgets?.shutdown()
 */
export function setupCost(config: ResolvedConfig, meter: Meter): CostSetup {
  const { pricer, problems } = createPricer({ prices: config.prices, pricesFile: config.pricesFile })
  for (const problem of problems) log.warn(`prices: ${problem}`)
  const budgets = [...config.budgets]
  if (config.budgetsFile) {
    const loaded = loadBudgetsFile(config.budgetsFile)
    for (const problem of loaded.problems) log.warn(`budgets: ${problem}`)
    budgets.push(...loaded.budgets)
  }
  if (budgets.length === 0) return { pricer, budgets: undefined, dispose: () => {} }
  const manager = new BudgetManager(budgets, openSpendStore(config.budgetStore))
  const unobserve = manager.observe(meter)
  return { pricer, budgets: manager, dispose: unobserve }
}
