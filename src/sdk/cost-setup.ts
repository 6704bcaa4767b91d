/**
 * Builds the pricer and the budget manager from the configuration: prices from the bundled
 * catalog plus the user's table, budgets from code and file, spend in the configured store.
 * Problems (a bad price entry, an unreadable file) are logged once each; none stops llmeter.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api'
import { BudgetManager, FileSpendStore, loadBudgetsFile, RedisSpendStore } from '../budgets/index.js'
import type { SpendStore } from '../budgets/types.js'
import type { ResolvedConfig } from '../config.js'
import { log } from '../internal/diag.js'
import { createPricer, type Pricer } from '../pricing/index.js'

export interface CostSetup {
  pricer: Pricer
  budgets: BudgetManager | undefined
  /** Removes the observable callbacks the setup registered. */
  dispose?(): void
}

function storeFrom(spec: SpendStore | string): SpendStore {
  if (typeof spec !== 'string') return spec
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) return new RedisSpendStore({ url: spec })
  return new FileSpendStore({ path: spec.startsWith('file://') ? new URL(spec).pathname : spec })
}

export function setupCost(config: ResolvedConfig, meter: Meter): CostSetup {
  const { pricer, problems } = createPricer({ prices: config.prices, pricesFile: config.pricesFile })
  for (const problem of problems) log.warn(`prices: ${problem}`)
  const budgets = [...config.budgets]
  if (config.budgetsFile) {
    const loaded = loadBudgetsFile(config.budgetsFile)
    for (const problem of loaded.problems) log.warn(`budgets: ${problem}`)
    budgets.push(...loaded.budgets)
  }
  if (budgets.length === 0) return { pricer, budgets: undefined }
  const manager = new BudgetManager(budgets, storeFrom(config.budgetStore))
  manager.observe(meter)
  return { pricer, budgets: manager }
}
