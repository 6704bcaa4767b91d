import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// An attribute `__name__` was served as a label next to the metric name, and an attribute `le` on
// a histogram next to the bucket's `le`: Prometheus rejects a sample with a repeated label name,
// failing the whole scrape. The OTLP receiver overwrites both: `__name__` with the metric name on
// every series, `le` with the bound on bucket series (on `_sum` and `_count` it stays).
describe('reserved attribute names', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('never give a series a second __name__ or le', async () => {
    p = scrapedProvider()
    p.meter.createCounter('jobs', { description: 'd' }).add(1, { __name__: 'spoof', kind: 'a' })
    p.meter
      .createHistogram('lat', { unit: 's', description: 'd', advice: { explicitBucketBoundaries: [1] } })
      .record(0.5, { le: 'x', kind: 'b' })
    expect(withoutTargetInfo(await p.scrape())).toBe(
      [
        '# HELP jobs_total d',
        '# TYPE jobs_total counter',
        'jobs_total{kind="a"} 1',
        '# HELP lat_seconds d',
        '# TYPE lat_seconds histogram',
        'lat_seconds_bucket{kind="b",le="1"} 1',
        'lat_seconds_bucket{kind="b",le="+Inf"} 1',
        'lat_seconds_sum{le="x",kind="b"} 0.5',
        'lat_seconds_count{le="x",kind="b"} 1',
        '',
      ].join('\n'),
    )
    expect(p.diag.warnings()).toEqual([
      'llmeter attribute "__name__" would be the reserved label __name__; it is left out',
    ])
  })
})
