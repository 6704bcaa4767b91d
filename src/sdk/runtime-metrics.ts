/**
 * Runtime health next to the LLM metrics, from maintained collectors rather than our own: event-loop
 * delay and utilization, heap and GC from `@opentelemetry/instrumentation-runtime-node`, and the
 * process CPU and memory the conventions define from `@opentelemetry/instrumentation-host-metrics`
 * (its process groups only; system-wide metrics are the node exporter's job). Enabled only on
 * llmeter's own MeterProvider: an app that brings its provider brings its own runtime metrics. The
 * heap's size limit, which neither reports (runtime-node's `v8js.memory.heap.limit` is per heap
 * space, not the limit at which the process dies), is one gauge of ours, so "heap near its limit"
 * is one PromQL ratio.
 *
 * @module
 */

import { getHeapStatistics } from 'node:v8'
import type { MeterProvider } from '@opentelemetry/api'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { HostMetricsInstrumentation } from '@opentelemetry/instrumentation-host-metrics'
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node'
import { llmeterMeter } from '../recording/registry.js'
import { METRICS } from '../semconv/metrics.js'

/** Starts the runtime collectors on `provider`; returns what disables the runtime instrumentation. */
export function enableRuntimeMetrics(provider: MeterProvider): () => void {
  const def = METRICS.heapSizeLimit
  const limit = llmeterMeter(provider).createObservableGauge(def.name, {
    unit: def.unit,
    description: def.description,
  })
  const observe = (result: { observe(value: number): void }) =>
    result.observe(getHeapStatistics().heap_size_limit)
  limit.addCallback(observe)
  const disable = registerInstrumentations({
    instrumentations: [
      new RuntimeNodeInstrumentation({ monitoringPrecision: 10 }),
      new HostMetricsInstrumentation({ metricGroups: ['process.cpu', 'process.memory'] }),
    ],
    meterProvider: provider,
  })
  return () => {
    limit.removeCallback(observe)
    disable()
  }
}
