/**
 * The error an instrumented call rejects with when an enforced budget is exhausted. The call is
 * never sent; it is recorded with `error.type=budget_exceeded`.
 *
 * @module
 */

/**
 * @example
 * import { BudgetExceededError } from 'llmeter'
 * try {
 *   await openai.chat.completions.create({ model: 'gpt-4o', messages })
 * } catch (err) {
 *   if (err instanceof BudgetExceededError) return res.status(402).send(`budget ${err.budget} is spent`)
 *   throw err
 * }
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
