/**
 * The per-call counters (requests, tokens, cost, unpriced calls, active requests) as asynchronous
 * instruments that report a `CallSeriesStore` at collection time (see `aggregation/call-series.ts`
 * for why they are pre-aggregated). Returns the function that unregisters the callback, so a
 * disposed recorder reports nothing.
 *
 * @module
 */
import type { BatchObservableResult, Meter } from '@opentelemetry/api'
import type { CallSeriesStore } from '../aggregation/call-series.js'
import { METRICS, type MetricDefinition } from '../semconv/metrics.js'

export function observeCallSeries(meter: Meter, store: CallSeriesStore): () => void {
  const def = (d: MetricDefinition) => ({ unit: d.unit, description: d.description })
  const requests = meter.createObservableCounter(METRICS.requests.name, def(METRICS.requests))
  const tokens = meter.createObservableCounter(METRICS.tokens.name, def(METRICS.tokens))
  const cost = meter.createObservableCounter(METRICS.cost.name, def(METRICS.cost))
  const unpriced = meter.createObservableCounter(METRICS.unpriced.name, def(METRICS.unpriced))
  const active = meter.createObservableUpDownCounter(METRICS.activeRequests.name, def(METRICS.activeRequests))
  const observables = [requests, tokens, cost, unpriced, active]
  const callback = (result: BatchObservableResult) => {
    for (const series of store.values()) {
      result.observe(active, series.active, series.attributes)
      for (const [errorType, n] of series.requests)
        result.observe(requests, n, series.requestAttributes(errorType))
      for (let i = 0; i < series.tokens.length; i++) {
        if (series.tokens[i]! > 0) result.observe(tokens, series.tokens[i]!, series.tokenAttrs[i])
      }
      for (let i = 0; i < series.cost.length; i++) {
        if (series.cost[i]! > 0) result.observe(cost, series.cost[i]!, series.costAttrs[i])
      }
      if (series.unpriced > 0) result.observe(unpriced, series.unpriced, series.attributes)
    }
  }
  meter.addBatchObservableCallback(callback, observables)
  return () => meter.removeBatchObservableCallback(callback, observables)
}
