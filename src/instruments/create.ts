/**
 * Creates every synchronous llmeter instrument once, from the definitions in `semconv/metrics`,
 * with unit, description and bucket advice. The Views in `sdk/views` set the same buckets, so
 * they hold even in a provider that ignores advice.
 *
 * @module
 */
import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api'
import { METRICS, type MetricDefinition } from '../semconv/metrics.js'

export interface Instruments {
  operationDuration: Histogram
  tokenUsage: Histogram
  timeToFirstChunk: Histogram
  timePerOutputChunk: Histogram
  requests: Counter
  tokens: Counter
  activeRequests: UpDownCounter
  cost: Counter
  unpriced: Counter
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

/** All instruments on `meter`. Call once per meter provider. */
export function createInstruments(meter: Meter): Instruments {
  return {
    operationDuration: histogram(meter, METRICS.operationDuration),
    tokenUsage: histogram(meter, METRICS.tokenUsage),
    timeToFirstChunk: histogram(meter, METRICS.timeToFirstChunk),
    timePerOutputChunk: histogram(meter, METRICS.timePerOutputChunk),
    requests: counter(meter, METRICS.requests),
    tokens: counter(meter, METRICS.tokens),
    activeRequests: upDown(meter, METRICS.activeRequests),
    cost: counter(meter, METRICS.cost),
    unpriced: counter(meter, METRICS.unpriced),
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
