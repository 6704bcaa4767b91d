/**
 * A metrics harness for tests: a MeterProvider with llmeter's Views and an in-memory pull reader,
 * set as the provider the manual API and `instrument()` record into. `collect()` asserts the SDK reported no errors.
 */
import type { Attributes } from '@opentelemetry/api'
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type MetricData,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { expect } from 'vitest'
import type { RecorderParts } from '../../src/recording/ports.js'
import type { Recorder } from '../../src/recording/recorder.js'
import { recorderFor, setDefaultProvider } from '../../src/recording/registry.js'
import { llmeterViews } from '../../src/sdk/views.js'

class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface Harness {
  provider: MeterProvider
  recorder: Recorder
  /** Collects once; fails the test if the SDK reported collection errors. */
  collect(): Promise<ResourceMetrics>
  /** The metric named `name` from a fresh collection, or undefined. */
  metric(name: string): Promise<MetricData | undefined>
  /** The value of a counter/gauge data point whose attributes equal `attrs` exactly. */
  value(name: string, attrs: Attributes): Promise<number | undefined>
  /** The histogram data point whose attributes equal `attrs` exactly. */
  histogram(
    name: string,
    attrs: Attributes,
  ): Promise<{ count: number; sum: number; counts: number[] } | undefined>
  close(): Promise<void>
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ak = Object.keys(a).filter((k) => a[k] !== undefined)
  const bk = Object.keys(b).filter((k) => b[k] !== undefined)
  return ak.length === bk.length && ak.every((k) => a[k] === b[k])
}

export function createHarness(options: RecorderParts = {}): Harness {
  const reader = new TestReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE })
  const provider = new MeterProvider({ views: llmeterViews(), readers: [reader] })
  const recorder = recorderFor(provider)
  recorder.configure(options)
  setDefaultProvider(provider)
  const collect = async () => {
    const { resourceMetrics, errors } = await reader.collect()
    expect(errors).toEqual([])
    return resourceMetrics
  }
  const metric = async (name: string) => {
    const rm = await collect()
    for (const scope of rm.scopeMetrics)
      for (const m of scope.metrics) if (m.descriptor.name === name) return m
    return undefined
  }
  return {
    provider,
    recorder,
    collect,
    metric,
    async value(name, attrs) {
      const m = await metric(name)
      if (!m || m.dataPointType === DataPointType.HISTOGRAM) return undefined
      const point = m.dataPoints.find((p) => sameAttributes(p.attributes, attrs))
      return point?.value as number | undefined
    },
    async histogram(name, attrs) {
      const m = await metric(name)
      if (!m || m.dataPointType !== DataPointType.HISTOGRAM) return undefined
      const point = m.dataPoints.find((p) => sameAttributes(p.attributes, attrs))
      if (!point) return undefined
      return { count: point.value.count, sum: point.value.sum ?? 0, counts: point.value.buckets.counts }
    },
    async close() {
      setDefaultProvider(undefined)
      recorder.dispose()
      await provider.shutdown()
    },
  }
}
