import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { describe, expect, it } from 'vitest'
import { recorderFor } from '../../../src/recording/registry.js'
import { llmeterViews } from '../../../src/sdk/views.js'
import { ALL_METRICS } from '../../../src/semconv/metrics.js'
import { LlmCall } from '../../../src/tracking/llm-call.js'

class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE })
  }
  protected override async onShutdown() {}
  protected override async onForceFlush() {}
}

describe('llmeter Views', () => {
  it('define one View per instrument and the semconv buckets on histograms', () => {
    const views = llmeterViews()
    expect(views.map((v) => v.instrumentName)).toEqual([
      ...ALL_METRICS.map((m) => m.name),
      'http.server.request.duration',
    ])
    const duration = views.find((v) => v.instrumentName === 'gen_ai.client.operation.duration')
    expect(duration?.aggregation).toMatchObject({
      options: {
        boundaries: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
      },
    })
  })

  it('use overridden buckets and ignore unsorted or non-finite overrides', () => {
    const views = llmeterViews({
      'gen_ai.client.operation.duration': [1, 2, 3],
      'gen_ai.client.token.usage': [5, 1],
      'gen_ai.invoke_agent.duration': [1, Number.NaN],
    })
    const bounds = (name: string) =>
      (views.find((v) => v.instrumentName === name)!.aggregation as { options: { boundaries: number[] } })
        .options.boundaries
    expect(bounds('gen_ai.client.operation.duration')).toEqual([1, 2, 3])
    expect(bounds('gen_ai.client.token.usage')[0]).toBe(1)
    expect(bounds('gen_ai.invoke_agent.duration')[0]).toBe(0.1)
  })

  it('give the HTTP server duration LLM-length buckets, overridable like the others', () => {
    const http = (views: ReturnType<typeof llmeterViews>) =>
      views.find((v) => v.instrumentName === 'http.server.request.duration')
    expect(http(llmeterViews())).toMatchObject({
      meterName: '@opentelemetry/instrumentation-http',
      aggregation: { options: { boundaries: expect.arrayContaining([10, 30, 60, 120, 300]) } },
    })
    expect(http(llmeterViews({ 'http.server.request.duration': [1, 60] }))?.aggregation).toMatchObject({
      options: { boundaries: [1, 60] },
    })
  })

  it('let two readers see the same data from one shared storage', async () => {
    const a = new Reader()
    const b = new Reader()
    const provider = new MeterProvider({ views: llmeterViews(), readers: [a, b] })
    const recorder = recorderFor(provider)
    new LlmCall({ provider: 'openai', model: 'm' }, recorder).end({
      usage: { inputTokens: 4, outputTokens: 2 },
    })
    const ra = await a.collect()
    const rb = await b.collect()
    expect(ra.errors).toEqual([])
    expect(rb.errors).toEqual([])
    const points = (r: typeof ra) =>
      JSON.stringify(
        r.resourceMetrics.scopeMetrics.flatMap((s) =>
          s.metrics.map((m) => [m.descriptor.name, m.dataPoints.map((p) => p.value)]),
        ),
      )
    expect(points(ra)).toEqual(points(rb))
    expect(points(ra)).toContain('llmeter.llm.tokens')
    await provider.shutdown()
  })
})
