/**
 * Keeps every label bounded by construction. Each attribute key admits at most `maxValues`
 * distinct values for the life of the process; later new values become `_OTHER`, counted on
 * `llmeter.attribute.overflows` and reported once per key. The SDK's own cardinality limit is
 * per collection cycle and does not bound cumulative series, so this is ours.
 *
 * @module
 */

import { warnOnce } from '../internal/diag.js'
import { OTHER_VALUE } from '../semconv/attributes.js'

/** Longest attribute value kept; longer ones are cut (model ids are far shorter). */
export const MAX_VALUE_LENGTH = 128

export class ValueLimiter {
  private readonly seen = new Map<string, Set<string>>()
  /** Called once per overflowing value, with the key (wired to the overflow counter). */
  onOverflow: (key: string) => void = () => {}

  constructor(readonly maxValues: number) {}

  /** The value to record for `key`: `value` itself while under the cap, `_OTHER` past it. */
  admit(key: string, value: string): string {
    const text = value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value
    let values = this.seen.get(key)
    if (values === undefined) {
      values = new Set()
      this.seen.set(key, values)
    }
    if (values.has(text)) return text
    if (values.size < this.maxValues) {
      values.add(text)
      return text
    }
    warnOnce(
      `overflow:${key}`,
      `attribute ${key} reached its cap of ${this.maxValues} distinct values; new values are recorded as ${OTHER_VALUE}`,
    )
    this.onOverflow(key)
    return OTHER_VALUE
  }

  /** How many distinct values `key` has admitted. */
  size(key: string): number {
    return this.seen.get(key)?.size ?? 0
  }
}
