/**
 * One warning per unknown model, through `diag`. The tracker calls it when `price()` returns
 * `undefined` for a call that used tokens; the call is also counted in `llmeter.llm.unpriced`.
 *
 * @module
 */
import { log } from '../internal/diag.js'

/** Bound on remembered models, so a flood of distinct names cannot grow memory. */
const MAX_MODELS = 1000

export type UnknownModelWarner = (provider: string, model: string) => boolean

/**
 * A warner that reports each provider/model pair once (returns true when it warned).
 *
 * @example
 * const warnUnknown = createUnknownModelWarner()
 * if (!pricer.price(q)) warnUnknown(q.provider, q.model)
 */
export function createUnknownModelWarner(
  warn: (message: string) => void = (m) => log.warn(m),
): UnknownModelWarner {
  const seen = new Set<string>()
  return (provider, model) => {
    const key = `${provider}\u0000${model}`
    if (seen.has(key)) return false
    if (seen.size < MAX_MODELS) seen.add(key)
    warn(
      `no price known for ${provider} model "${model}": its cost is not recorded (counted in llmeter.llm.unpriced). ` +
        'Add it to your price table (LLMETER_PRICES_FILE); see docs/pricing.md',
    )
    return true
  }
}
