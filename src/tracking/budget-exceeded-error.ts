/**
 * The error an instrumented call rejects with when an enforced budget is exhausted. The call is
 * never sent; it is recorded with `error.type=budget_exceeded`.
 *
 * @module
 */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError'

  constructor(
    readonly budget: string,
    readonly limitUsd: number,
    readonly spendUsd: number,
  ) {
    super(`llmeter budget "${budget}" is exhausted: spent $${spendUsd.toFixed(4)} of $${limitUsd.toFixed(4)}`)
  }
}
