import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { serializePieces } from '../../../src/exporters/prometheus/serializer.js'
import { serialize } from '../../support/exposition.js'

// The scrape path serializes in slices and streams them; it must produce exactly what the
// one-shot serializer produces.
describe('sliced serialization', () => {
  let provider: MeterProvider | undefined
  afterEach(async () => {
    await provider?.shutdown()
  })

  it('joins to the same exposition as the one-shot serializer, whatever the piece size', async () => {
    const reader = new LlmeterPrometheusReader()
    provider = new MeterProvider({ readers: [reader] })
    const meter = provider.getMeter('t')
    const counter = meter.createCounter('jobs', { description: 'jobs' })
    const histogram = meter.createHistogram('lat', {
      description: 'lat',
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 2] },
    })
    for (let i = 0; i < 1000; i++) {
      counter.add(i, { shard: `s${i}` })
      histogram.record(i % 3, { shard: `s${i}` })
    }
    const { resourceMetrics } = await reader.collect()
    const whole = serialize(resourceMetrics)
    for (const size of [1, 7, 256, 5000]) {
      const pieces = [...serializePieces(resourceMetrics, size)]
      expect(pieces.join('')).toBe(whole)
      if (size === 1) expect(pieces.length).toBeGreaterThan(2000)
    }
    const streamed: string[] = []
    expect(await reader.scrapeInto((p) => void streamed.push(p))).toBe(true)
    const body = streamed.join('')
    // Same families and samples; values differ only if something was recorded in between (nothing was).
    expect(body.split('\n').filter((l) => !l.startsWith('target_info'))).toEqual(
      whole.split('\n').filter((l) => !l.startsWith('target_info')),
    )
    expect(body).toContain('jobs_total{shard="s999"} 999\n')
    expect(body).toContain('lat_seconds_bucket{shard="s2",le="2"} 1\n')
  })
})

describe('draining an idle Prometheus reader', () => {
  it('collects only when nothing collected within the idle window', async () => {
    const reader = new LlmeterPrometheusReader()
    const provider = new MeterProvider({ readers: [reader] })
    let collects = 0
    const original = reader.collect.bind(reader)
    reader.collect = (options) => {
      collects++
      return original(options)
    }
    await reader.drainIfIdle(0)
    expect(collects).toBe(1)
    await reader.drainIfIdle(60_000)
    expect(collects).toBe(1)
    await provider.shutdown()
  })
})
