/**
 * Creates every synchronous llmeter instrument once, from the definitions in `semconv/metrics`,
 * with unit, description and bucket advice. The Views in `sdk/views` set the same buckets, so
 * they hold even in a provider that ignores advice.
 *
 * @module
 */
import type {
  BatchObservableResult,
  Counter,
  Histogram,
  Meter,
  ObservableCounter,
  ObservableUpDownCounter,
  UpDownCounter,
} from '@opentelemetry/api'
import type { CallSeriesStore } from '../aggregation/call-series.js'
import { METRICS, type MetricDefinition } from '../semconv/metrics.js'

export interface Instruments {
  operationDuration: Histogram
  tokenUsage: Histogram
  timeToFirstChunk: Histogram
  timePerOutputChunk: Histogram
  rateLimits: Counter
  retries: Counter
  agentDuration: Histogram
  agentInvocations: Counter
  agentActiveSessions: UpDownCounter
  agentInferenceCalls: Histogram
  agentToolCalls: Histogram
  toolDuration: Histogram
  toolExecutions: Counter
  cacheLookups: Counter
  budgetExceeded: Counter
  attributeOverflows: Counter
}

function histogram(meter: Meter, def: MetricDefinition): Histogram {
  return meter.createHistogram(def.name, {
    unit: def.unit,
    description: def.description,
    advice: def.buckets ? { explicitBucketBoundaries: [...def.buckets] } : undefined,
  })
}

function counter(meter: Meter, def: MetricDefinition): Counter {
  return meter.createCounter(def.name, { unit: def.unit, description: def.description })
}

function upDown(meter: Meter, def: MetricDefinition): UpDownCounter {
  return meter.createUpDownCounter(def.name, { unit: def.unit, description: def.description })
}

/**
 * The per-call counters, as asynchronous instruments reporting `store` at collection time (see
 * `aggregation/call-series.ts` for why).
 */
export function observeCallSeries(meter: Meter, store: CallSeriesStore): void {
  const def = (d: MetricDefinition) => ({ unit: d.unit, description: d.description })
  const requests: ObservableCounter = meter.createObservableCounter(
    METRICS.requests.name,
    def(METRICS.requests),
  )
  const tokens: ObservableCounter = meter.createObservableCounter(METRICS.tokens.name, def(METRICS.tokens))
  const cost: ObservableCounter = meter.createObservableCounter(METRICS.cost.name, def(METRICS.cost))
  const unpriced: ObservableCounter = meter.createObservableCounter(
    METRICS.unpriced.name,
    def(METRICS.unpriced),
  )
  const active: ObservableUpDownCounter = meter.createObservableUpDownCounter(
    METRICS.activeRequests.name,
    def(METRICS.activeRequests),
  )
  meter.addBatchObservableCallback(
    (result: BatchObservableResult) => {
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
    },
    [requests, tokens, cost, unpriced, active],
  )
}

/** All synchronous instruments on `meter`. Call once per meter provider. */
export function createInstruments(meter: Meter): Instruments {
  return {
    operationDuration: histogram(meter, METRICS.operationDuration),
    tokenUsage: histogram(meter, METRICS.tokenUsage),
    timeToFirstChunk: histogram(meter, METRICS.timeToFirstChunk),
    timePerOutputChunk: histogram(meter, METRICS.timePerOutputChunk),
    rateLimits: counter(meter, METRICS.rateLimits),
    retries: counter(meter, METRICS.retries),
    agentDuration: histogram(meter, METRICS.agentDuration),
    agentInvocations: counter(meter, METRICS.agentInvocations),
    agentActiveSessions: upDown(meter, METRICS.agentActiveSessions),
    agentInferenceCalls: histogram(meter, METRICS.agentInferenceCalls),
    agentToolCalls: histogram(meter, METRICS.agentToolCalls),
    toolDuration: histogram(meter, METRICS.toolDuration),
    toolExecutions: counter(meter, METRICS.toolExecutions),
    cacheLookups: counter(meter, METRICS.cacheLookups),
    budgetExceeded: counter(meter, METRICS.budgetExceeded),
    attributeOverflows: counter(meter, METRICS.attributeOverflows),
  }
}
