import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// `a.b` and `a_b` on one data point both become label `a_b`; llmeter kept whichever came first.
// The compatibility spec and Prometheus's OTLP receiver merge them: values joined with `;` in the
// sorted order of the original keys, in Go's order (UTF-8 bytes, i.e. code points).
describe('attributes that collide after escaping', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('merge into one label, values joined with ; in sorted key order', async () => {
    p = scrapedProvider()
    const jobs = p.meter.createCounter('jobs', { description: 'd' })
    jobs.add(1, { a_b: 'second', 'a.b': 'first', z: 'z' })
    jobs.add(2, { 'a-b': 'dash', 'a.b': 'dot', 'a/b': 'slash' })
    // U+FF0E sorts after U+1F600 in UTF-16 units but before it by code point, as Go sorts.
    jobs.add(3, { 'a😀b': 'emoji', 'a．b': 'fullwidth' })
    expect(withoutTargetInfo(await p.scrape())).toBe(
      [
        '# HELP jobs_total d',
        '# TYPE jobs_total counter',
        'jobs_total{a_b="first;second",z="z"} 1',
        'jobs_total{a_b="dash;dot;slash"} 2',
        'jobs_total{a_b="fullwidth;emoji"} 3',
        '',
      ].join('\n'),
    )
  })
})
