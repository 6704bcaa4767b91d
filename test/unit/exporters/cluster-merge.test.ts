import type { Worker } from 'node:cluster'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { mergeWorkers, type WorkerAnswer } from '../../../src/cluster/primary-aggregator.js'
import { toWireParts } from '../../../src/cluster/wire.js'
import { LlmeterPrometheusReader } from '../../../src/exporters/prometheus/reader.js'
import { serializePieces } from '../../../src/exporters/prometheus/serializer.js'
import { serialize } from '../../support/exposition.js'

// What a worker sends over IPC and how the primary merges it, without processes: the data of one
// reader plays a worker, an empty reader plays the primary.
describe('cluster aggregation as data', () => {
  const providers: MeterProvider[] = []
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.shutdown()))
  })

  function reader() {
    const r = new LlmeterPrometheusReader()
    const provider = new MeterProvider({ readers: [r] })
    providers.push(provider)
    return { reader: r, meter: provider.getMeter('t') }
  }

  it('labels every worker sample, keeps one family per name, and marks silent workers down', async () => {
    const worker = reader()
    const counter = worker.meter.createCounter('jobs', { description: 'jobs' })
    const histogram = worker.meter.createHistogram('lat', {
      description: 'lat',
      unit: 's',
      advice: { explicitBucketBoundaries: [1] },
    })
    const gauge = worker.meter.createGauge('temp', { description: 'temp' })
    for (let i = 0; i < 5; i++) counter.add(i + 1, { shard: `s${i}` })
    histogram.record(0.5, { shard: 's0' })
    histogram.record(3, { shard: 's0' })
    gauge.record(Number.POSITIVE_INFINITY)
    const { resourceMetrics } = await worker.reader.collect()
    // Two data points per part: the counter spans three parts, as a large metric would.
    const parts = [...toWireParts(resourceMetrics, 2)]
    expect(parts.map((p) => p.reduce((n, m) => n + m.points.length, 0))).toEqual([2, 2, 2, 1])
    const answer: WorkerAnswer = JSON.parse(
      JSON.stringify({ resource: { 'service.name': 'w' }, metrics: parts }),
    )

    const primary = reader()
    const own = (await primary.reader.collect()).resourceMetrics
    const workers = [{ id: 1 }, { id: 2 }] as Worker[]
    const merged = mergeWorkers(own, workers, [answer, undefined])
    const text = serialize(merged.resourceMetrics)
    const lines = text.split('\n')
    expect(lines.filter((l) => l.startsWith('jobs_total'))).toEqual([
      'jobs_total{cluster_worker="1",shard="s0"} 1',
      'jobs_total{cluster_worker="1",shard="s1"} 2',
      'jobs_total{cluster_worker="1",shard="s2"} 3',
      'jobs_total{cluster_worker="1",shard="s3"} 4',
      'jobs_total{cluster_worker="1",shard="s4"} 5',
    ])
    expect(text.match(/^# TYPE jobs_total counter$/gm)).toHaveLength(1)
    expect(lines.filter((l) => l.startsWith('lat_seconds'))).toEqual([
      'lat_seconds_bucket{cluster_worker="1",shard="s0",le="1"} 1',
      'lat_seconds_bucket{cluster_worker="1",shard="s0",le="+Inf"} 2',
      'lat_seconds_sum{cluster_worker="1",shard="s0"} 3.5',
      'lat_seconds_count{cluster_worker="1",shard="s0"} 2',
    ])
    expect(lines.filter((l) => l.startsWith('temp'))).toEqual(['temp{cluster_worker="1"} +Inf'])
    expect(lines.filter((l) => l.startsWith('llmeter_cluster_worker_up'))).toEqual([
      'llmeter_cluster_worker_up{cluster_worker="1"} 1',
      'llmeter_cluster_worker_up{cluster_worker="2"} 0',
    ])
    expect(merged.extraTargets).toEqual([{ cluster_worker: '1', 'service.name': 'w' }])
    const withTargets = [...serializePieces(merged.resourceMetrics, 64, merged.extraTargets)].join('')
    expect(withTargets).toContain('target_info{cluster_worker="1",service_name="w"} 1\n')
    expect(withTargets.match(/^# TYPE target_info gauge$/gm)).toHaveLength(1)
  })
})
