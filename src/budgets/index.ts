/**
 * Budgets: USD limits per calendar day or month (in a time zone), matched on call attributes,
 * with spend persisted in a store (a JSON file by default; Redis for fleets, in the `llmeter/redis`
 * subpath so this module never loads a Redis client) so it survives restarts. Enforcement is opt-in per budget: an exhausted enforced budget makes the instrumented
 * call reject with {@link BudgetExceededError} before it is sent. See docs/budgets.md.
 *
 * @module
 */

// One error class for the whole SDK: the tracker throws this very class (instanceof works).
export { BudgetExceededError } from '../tracking/budget-exceeded-error.js'
export { loadBudgetsFile, validateBudgets } from './budget-config.js'
export { BudgetManager, type BudgetManagerOptions, spendKey } from './budget-manager.js'
export { CalendarWindow } from './calendar-window.js'
export { FileSpendStore, type FileSpendStoreOptions } from './file-store.js'
export { MemorySpendStore } from './memory-store.js'
export type { BudgetConfig, BudgetWindow, ExhaustedBudget, SpendStore } from './types.js'

/** Where the file store keeps spend unless configured otherwise (relative to the working directory). */
export const DEFAULT_SPEND_FILE = '.llmeter/spend.json'
