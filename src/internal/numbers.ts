/**
 * Guards for values that reach instruments. The SDK accepts NaN and Infinity and keeps them in the
 * series forever (DESIGN.md: measured), so nothing unchecked is ever recorded: a bad value is
 * dropped with one warning per kind of value.
 *
 * @module
 */
import { warnOnce } from './diag.js'

/** A finite, non-negative number, or undefined (with one warning) for anything else. */
export function nonNegative(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  warnOnce(
    `bad-value:${what}`,
    `dropped an invalid ${what} (${describe(value)}); expected a finite number >= 0`,
  )
  return undefined
}

/** A finite, non-negative integer count (tokens, chunks), or undefined. Fractions are rounded. */
export function count(value: unknown, what: string): number | undefined {
  const n = nonNegative(value, what)
  return n === undefined ? undefined : Math.round(n)
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  return `a ${typeof value}`
}
