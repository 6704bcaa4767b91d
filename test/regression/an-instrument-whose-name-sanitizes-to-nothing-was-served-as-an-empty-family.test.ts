import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// A host instrument named `@#$%` sanitized to '' and was served as `# HELP  @#$%`, `# TYPE  gauge`
// and a sample line ` 1`, which Prometheus cannot parse. otlptranslator refuses such a name with
// an error and the receiver drops the metric.
describe('an instrument whose name sanitizes to nothing', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('is left out with one diagnostic, and the rest is served', async () => {
    p = scrapedProvider()
    p.meter.createGauge('@#$%', { description: 'd' }).record(1)
    p.meter.createUpDownCounter('!!', { description: 'd' }).add(1)
    p.meter.createCounter('jobs', { description: 'd' }).add(3)
    const first = await p.scrape()
    const second = await p.scrape()
    const expected = ['# HELP jobs_total d', '# TYPE jobs_total counter', 'jobs_total 3', ''].join('\n')
    expect(withoutTargetInfo(first)).toBe(expected)
    expect(withoutTargetInfo(second)).toBe(expected)
    expect(p.diag.warnings('no valid Prometheus name')).toEqual([
      'llmeter metric "@#$%" has no valid Prometheus name; it is not served',
      'llmeter metric "!!" has no valid Prometheus name; it is not served',
    ])
  })

  it('as a counter is named `total`, as the reference names it', async () => {
    p = scrapedProvider()
    p.meter.createCounter('@#$%', { description: 'd' }).add(2)
    expect(withoutTargetInfo(await p.scrape())).toBe(
      ['# HELP total d', '# TYPE total counter', 'total 2', ''].join('\n'),
    )
  })
})
