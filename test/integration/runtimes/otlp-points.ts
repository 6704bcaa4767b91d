/** Reads counter data points out of OTLP/JSON export bodies, as test/support/otlp-receiver.ts keeps them. */

type Point = {
  attributes?: { key: string; value: Record<string, unknown> }[]
  asInt?: unknown
  asDouble?: unknown
}

function attributesOf(point: Point): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { key, value } of point.attributes ?? []) out[key] = Object.values(value)[0]
  return out
}

/**
 * The sum of counter `name`'s points in one export whose attributes include `match`, or
 * undefined when the export has no such metric.
 */
export function counterIn(body: any, name: string, match: Record<string, unknown> = {}): number | undefined {
  let found: number | undefined
  for (const rm of body.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const m of sm.metrics ?? []) {
        if (m.name !== name || !m.sum) continue
        found ??= 0
        for (const p of m.sum.dataPoints as Point[]) {
          const attrs = attributesOf(p)
          if (Object.entries(match).every(([k, v]) => attrs[k] === v))
            found += Number(p.asInt ?? p.asDouble ?? 0)
        }
      }
  return found
}

/** The aggregation temporality of counter `name` in one export (1 delta, 2 cumulative). */
export function temporalityIn(body: any, name: string): number | undefined {
  for (const rm of body.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const m of sm.metrics ?? []) if (m.name === name && m.sum) return m.sum.aggregationTemporality
  return undefined
}
