/**
 * Guards for values that reach instruments. The SDK accepts NaN and Infinity and keeps them in the
 * series forever (measured with sdk-metrics 3.1), so nothing unchecked is ever recorded: a bad value is
 * dropped with one warning per kind of value.
 *
 * @module
 */
import { warnOnce } from './diag.js'

/**
 * Largest token count one call may report. Far above any real call; it keeps a sum of many calls
 * finite (1e308 tokens twice would make a series +Inf forever).
 */
export const MAX_TOKENS_PER_CALL = 1e12
/** Largest cost in USD one call may report, for the same reason. */
export const MAX_USD_PER_CALL = 1e6

/** A finite number from 0 to `max`, or undefined (with one warning) for anything else. */
export function nonNegative(value: unknown, what: string, max = Number.MAX_VALUE): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max) return value
  warnOnce(
    `bad-value:${what}`,
    `dropped an invalid ${what} (${describe(value)}); expected a finite number from 0 to ${max}`,
  )
  return undefined
}

/** A non-negative integer count (tokens) up to {@link MAX_TOKENS_PER_CALL}, or undefined. Fractions are rounded. */
export function count(value: unknown, what: string): number | undefined {
  const n = nonNegative(value, what, MAX_TOKENS_PER_CALL)
  return n === undefined ? undefined : Math.round(n)
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  return `a ${typeof value}`
}
