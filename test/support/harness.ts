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

/**
 * Keys a query may leave out, in which case the points that differ only in them are summed (as
 * PromQL `sum without (...)` would). `llmeter.request.stream` splits the request counter and the
 * duration in two; tests that are not about it ask for the call as a whole.
 */
const SUMMED_WHEN_OMITTED = ['llmeter.request.stream']

function sameAttributes(point: Attributes, query: Attributes): boolean {
  const pk = Object.keys(point).filter(
    (k) => point[k] !== undefined && (k in query || !SUMMED_WHEN_OMITTED.includes(k)),
  )
  const qk = Object.keys(query).filter((k) => query[k] !== undefined)
  return pk.length === qk.length && pk.every((k) => point[k] === query[k])
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
      const points = m.dataPoints.filter((p) => sameAttributes(p.attributes, attrs))
      if (points.length === 0) return undefined
      return points.reduce((sum, p) => sum + (p.value as number), 0)
    },
    async histogram(name, attrs) {
      const m = await metric(name)
      if (!m || m.dataPointType !== DataPointType.HISTOGRAM) return undefined
      const points = m.dataPoints.filter((p) => sameAttributes(p.attributes, attrs))
      if (points.length === 0) return undefined
      const counts = points[0]!.value.buckets.counts.map((_, i) =>
        points.reduce((n, p) => n + p.value.buckets.counts[i]!, 0),
      )
      return {
        count: points.reduce((n, p) => n + p.value.count, 0),
        sum: points.reduce((n, p) => n + (p.value.sum ?? 0), 0),
        counts,
      }
    },
    async close() {
      setDefaultProvider(undefined)
      recorder.dispose()
      await provider.shutdown()
    },
  }
}
