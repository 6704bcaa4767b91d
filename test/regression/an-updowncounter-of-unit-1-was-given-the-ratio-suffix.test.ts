import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// Every non-monotonic sum was named as a gauge, so UpDownCounter `queue.fill` with unit `1` became
// `queue_fill_ratio`. otlptranslator appends `_ratio` to gauges only; a Collector or Prometheus's
// OTLP receiver calls it `queue_fill`.
describe('unit 1', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('adds _ratio to a gauge only: not to an UpDownCounter, an observable one or a counter', async () => {
    p = scrapedProvider()
    p.meter.createUpDownCounter('queue.fill', { unit: '1', description: 'd' }).add(3)
    p.meter
      .createObservableUpDownCounter('pool.use', { unit: '1', description: 'd' })
      .addCallback((r) => r.observe(4))
    p.meter.createCounter('items', { unit: '1', description: 'd' }).add(5)
    p.meter.createGauge('cpu.utilization', { unit: '1', description: 'd' }).record(0.5)
    expect(withoutTargetInfo(await p.scrape())).toBe(
      [
        '# HELP queue_fill d',
        '# TYPE queue_fill gauge',
        'queue_fill 3',
        '# HELP pool_use d',
        '# TYPE pool_use gauge',
        'pool_use 4',
        '# HELP items_total d',
        '# TYPE items_total counter',
        'items_total 5',
        '# HELP cpu_utilization_ratio d',
        '# TYPE cpu_utilization_ratio gauge',
        'cpu_utilization_ratio 0.5',
        '',
      ].join('\n'),
    )
  })
})
