/** Asserts a USD amount to 1e-9 (a millionth of a cent) against a hand-computed value. */
import { expect } from 'vitest'
import type { CostBreakdown } from '../../../src/pricing/types.js'
import { COST_PARTS } from '../../../src/semconv/usage-kinds.js'

export function expectUsd(actual: number | undefined, expected: number): void {
  expect(actual).toBeTypeOf('number')
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThan(1e-9)
}

/** Asserts every part of a breakdown (unlisted parts are 0), that the parts sum to the total, and the source. */
export function expectBreakdown(
  cost: CostBreakdown | undefined,
  expected: Partial<Omit<CostBreakdown, 'source'>> & { total: number; source: CostBreakdown['source'] },
): void {
  expect(cost).toBeDefined()
  const c = cost as CostBreakdown
  expect(c.source).toBe(expected.source)
  let sum = 0
  for (const { name } of COST_PARTS) {
    expectUsd(c[name], expected[name] ?? 0)
    sum += c[name]
  }
  expectUsd(c.total, expected.total)
  expectUsd(sum, c.total)
}
