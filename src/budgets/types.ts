/**
 * Budget configuration and the spend store contract.
 *
 * @module
 */

export type BudgetWindow = 'day' | 'month'

export interface BudgetConfig {
  /** Unique name; the `llmeter.budget.name` attribute and part of the store key. */
  name: string
  /** Spend limit in USD per window. A call starting at or above it finds the budget exhausted. */
  limitUsd: number
  /** Calendar day or calendar month, in `timeZone`. */
  window: BudgetWindow
  /** IANA time zone of the window boundaries. Default `UTC`. */
  timeZone?: string
  /**
   * Which calls count: attribute key -> accepted value(s), all keys must match
   * (`gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.operation.name`, `gen_ai.agent.name`
   * or any attribute the app sets on the call). No match = every call.
   */
  match?: Record<string, string | string[]>
  /** Reject calls while exhausted (`BudgetExceededError`). Default false: warn only. */
  enforce?: boolean
}

/** A budget that is exhausted for a call. Carries the tracker's `ExhaustedBudget` fields too. */
export interface ExhaustedBudget {
  budget: BudgetConfig
  spendUsd: number
  name: string
  enforced: boolean
  limitUsd: number
}

/**
 * Where spend is kept so it survives restarts (and, for a shared store, is seen by every replica).
 * Keys are opaque strings chosen by the manager (they include the window start).
 */
export interface SpendStore {
  /** The total recorded under `key` (0 when none). */
  load(key: string): Promise<number>
  /** Adds `usd` under `key` and returns the new total (including other writers' spend). */
  add(key: string, usd: number): Promise<number>
  close(): Promise<void>
}
