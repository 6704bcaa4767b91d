/**
 * Sums of the data points whose attributes include a given subset, for assertions that must
 * hold whatever other attributes a definition adds. `defined` keeps only the keys a metric's
 * definition allows, so a test states every attribute it knows and checks those in force.
 */
import { DataPointType } from '@opentelemetry/sdk-metrics'
import type { MetricDefinition } from '../../src/semconv/metrics.js'
import type { Harness } from './harness.js'

type Subset = Record<string, string | number>

/** The part of `attrs` that `def` records. */
export function defined(def: MetricDefinition, attrs: Subset): Subset {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => def.attributes.includes(k)))
}

const includes = (attrs: Record<string, unknown>, subset: Subset) =>
  Object.entries(subset).every(([k, v]) => attrs[k] === v)

/** Counter: the sum of the points matching `subset`. Histogram: their total count and sum. */
export async function sumOf(h: Harness, def: MetricDefinition, subset: Subset) {
  const m = await h.metric(def.name)
  const wanted = defined(def, subset)
  if (!m) return { value: 0, count: 0, sum: 0, points: 0 }
  let value = 0
  let count = 0
  let sum = 0
  let points = 0
  for (const p of m.dataPoints) {
    if (!includes(p.attributes as Record<string, unknown>, wanted)) continue
    points++
    if (m.dataPointType === DataPointType.HISTOGRAM) {
      const v = p.value as { count: number; sum?: number }
      count += v.count
      sum += v.sum ?? 0
    } else value += p.value as number
  }
  return { value, count, sum, points }
}
