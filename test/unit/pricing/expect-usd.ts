/** Asserts a USD amount to 1e-9 (a millionth of a cent) against a hand-computed value. */
import { expect } from 'vitest'
import type { CostBreakdown } from '../../../src/pricing/types.js'

export function expectUsd(actual: number | undefined, expected: number): void {
  expect(actual).toBeTypeOf('number')
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThan(1e-9)
}

/** Asserts every part of a breakdown, that the parts sum to the total, and the source. */
export function expectBreakdown(
  cost: CostBreakdown | undefined,
  expected: Partial<Omit<CostBreakdown, 'source'>> & { total: number; source: CostBreakdown['source'] },
): void {
  expect(cost).toBeDefined()
  const c = cost as CostBreakdown
  expect(c.source).toBe(expected.source)
  for (const part of ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'request'] as const) {
    expectUsd(c[part], expected[part] ?? 0)
  }
  expectUsd(c.total, expected.total)
  expectUsd(c.input + c.output + c.cacheRead + c.cacheWrite + c.reasoning + c.request, c.total)
}
