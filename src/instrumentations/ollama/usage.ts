/**
 * Ollama's usage: the final object of a call (the whole response, or the `done: true` line of a
 * stream) counts the prompt's tokens in `prompt_eval_count` and the generated ones in
 * `eval_count`; `/api/embed` reports `prompt_eval_count` only. Ollama reports no cached or
 * reasoning split. A count that is missing or not a whole number is left out.
 *
 * @module
 */
import type { LlmUsage } from '../../tracking/usage.js'

type Final = Record<string, any> | null | undefined

const count = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined

/**
 * The usage in a final response object, or undefined when it counts nothing.
 *
 * @example
 * ollamaUsage({ done: true, prompt_eval_count: 26, eval_count: 298 }) // { inputTokens: 26, outputTokens: 298 }
 */
export function ollamaUsage(final: Final): LlmUsage | undefined {
  const input = count(final?.prompt_eval_count)
  const output = count(final?.eval_count)
  if (input === undefined && output === undefined) return undefined
  const usage: LlmUsage = {}
  if (input !== undefined) usage.inputTokens = input
  if (output !== undefined) usage.outputTokens = output
  return usage
}
