/**
 * Runtime health next to the LLM metrics, from maintained collectors rather than our own: event-loop
 * delay and utilization, heap and GC from `@opentelemetry/instrumentation-runtime-node`, and the
 * process CPU and memory the conventions define from `@opentelemetry/host-metrics` (its process
 * groups only; system-wide metrics are the node exporter's job). Enabled only on llmeter's own
 * MeterProvider: an app that brings its provider brings its own runtime metrics, and host-metrics
 * offers no way to unregister from a provider that outlives llmeter.
 *
 * @module
 */
import type { MeterProvider } from '@opentelemetry/api'
import { HostMetrics } from '@opentelemetry/host-metrics'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node'

/** Starts the runtime collectors on `provider`; returns what disables the runtime instrumentation. */
export function enableRuntimeMetrics(provider: MeterProvider): () => void {
  new HostMetrics({
    meterProvider: provider,
    name: 'llmeter',
    metricGroups: ['process.cpu', 'process.memory'],
  }).start()
  return registerInstrumentations({
    instrumentations: [new RuntimeNodeInstrumentation({ monitoringPrecision: 10 })],
    meterProvider: provider,
  })
}
