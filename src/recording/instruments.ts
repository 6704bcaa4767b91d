/**
 * Creates llmeter's synchronous instruments on one meter, straight from the metric table in
 * `semconv/metrics`: the table's keys, kinds, units, descriptions and bucket advice are the only
 * place they are written, and the `Instruments` type is derived from it. The Views in `sdk/views`
 * set the same buckets, so they hold even in a provider that ignores advice.
 *
 * @module
 */
import type { Counter, Gauge, Histogram, Meter, UpDownCounter } from '@opentelemetry/api'
import { METRICS, type MetricDefinition, type MetricKey } from '../semconv/metrics.js'

type Table = typeof METRICS
/** Keys of the instruments recorded synchronously (the others are observed at collection). */
export type SyncMetricKey = {
  [K in MetricKey]: Table[K] extends { reportedBy: string } ? never : K
}[MetricKey]

type InstrumentOf<D> = D extends { kind: 'histogram' }
  ? Histogram
  : D extends { kind: 'updowncounter' }
    ? UpDownCounter
    : D extends { kind: 'gauge' }
      ? Gauge
      : Counter

/** One instrument per synchronous row of the metric table, under the row's key. */
export type Instruments = { readonly [K in SyncMetricKey]: InstrumentOf<Table[K]> }

function create(meter: Meter, def: MetricDefinition): Histogram | UpDownCounter | Gauge | Counter {
  const options = { unit: def.unit, description: def.description }
  if (def.kind === 'histogram') {
    return meter.createHistogram(def.name, {
      ...options,
      advice: def.buckets ? { explicitBucketBoundaries: [...def.buckets] } : undefined,
    })
  }
  if (def.kind === 'updowncounter') return meter.createUpDownCounter(def.name, options)
  if (def.kind === 'gauge') return meter.createGauge(def.name, options)
  return meter.createCounter(def.name, options)
}

/** Every synchronous llmeter instrument on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  const instruments: Record<string, unknown> = {}
  for (const [key, def] of Object.entries(METRICS) as [MetricKey, MetricDefinition][]) {
    if (def.reportedBy === undefined) instruments[key] = create(meter, def)
  }
  return instruments as Instruments
}
