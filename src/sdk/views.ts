/**
 * The Views llmeter needs: one per instrument, scoped to the llmeter meter. Histogram Views set the
 * bucket boundaries (overridable per histogram). Every instrument gets a View, counters included,
 * because with a View the SDK keeps ONE storage shared by all readers instead of one per reader,
 * so enabling Prometheus and OTLP together does not double the recording cost.
 *
 * @module
 */
import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics'
import { ALL_METRICS, type HistogramName, HTTP_SERVER_DURATION } from '../semconv/metrics.js'
import { METER_NAME } from '../version.js'

export type BucketOverrides = Partial<Record<HistogramName, readonly number[]>>

function validBoundaries(bounds: readonly number[] | undefined): number[] | undefined {
  if (!Array.isArray(bounds) || bounds.length === 0) return undefined
  const sorted = bounds.every((b, i) => Number.isFinite(b) && (i === 0 || b > bounds[i - 1]!))
  return sorted ? [...bounds] : undefined
}

function histogram(boundaries: number[]): ViewOptions['aggregation'] {
  return { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries, recordMinMax: false } }
}

/**
 * Views for every llmeter instrument, and the LLM-length buckets of the HTTP server duration
 * (`http.server.request.duration` of `@opentelemetry/instrumentation-http`). Pass them to your own MeterProvider (or NodeSDK `views`)
 * when llmeter records into a provider you create.
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node'
 * import { llmeterViews } from 'llmeter'
 * new NodeSDK({ views: llmeterViews(), metricReader }).start()
 */
export function llmeterViews(buckets: BucketOverrides = {}): ViewOptions[] {
  const views = ALL_METRICS.map((def) => {
    const view: ViewOptions = { instrumentName: def.name, meterName: METER_NAME }
    if (def.kind === 'histogram') {
      view.aggregation = histogram(
        validBoundaries(buckets[def.name as HistogramName]) ?? [...(def.buckets ?? [])],
      )
    }
    return view
  })
  views.push({
    instrumentName: HTTP_SERVER_DURATION.name,
    meterName: HTTP_SERVER_DURATION.meterName,
    aggregation: histogram(
      validBoundaries(buckets[HTTP_SERVER_DURATION.name]) ?? [...HTTP_SERVER_DURATION.buckets],
    ),
  })
  return views
}
