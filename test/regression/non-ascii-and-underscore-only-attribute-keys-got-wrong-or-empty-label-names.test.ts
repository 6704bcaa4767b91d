import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// Label names were escaped per UTF-16 unit, so `a😀b` became `a__b` (two `_` for one character);
// `_` stayed `_` and `😀` became `__`, and `ようこそ` became the all-underscore `____`. Prometheus's
// OTLP receiver (otlptranslator's LabelNamer, leading-underscore sanitization and multiple
// underscores kept, its defaults) gives `a_b`, `key_`, `key_`, and refuses `____`, dropping the
// data point.
describe('label names from non-ASCII and underscore-only keys', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('replace each character by one _, prefix a single leading _ with key, and refuse all-_ names', async () => {
    p = scrapedProvider()
    const jobs = p.meter.createCounter('jobs', { description: 'd' })
    jobs.add(1, { 'a😀b': 'v' })
    jobs.add(2, { _: 'v' })
    jobs.add(3, { '😀': 'v' })
    jobs.add(4, { __: 'v', other: 'x' })
    jobs.add(5, { ようこそ: 'v' })
    jobs.add(6, { ok: 'v' })
    expect(withoutTargetInfo(await p.scrape())).toBe(
      [
        '# HELP jobs_total d',
        '# TYPE jobs_total counter',
        'jobs_total{a_b="v"} 1',
        'jobs_total{key_="v"} 2',
        'jobs_total{key_="v"} 3',
        'jobs_total{ok="v"} 6',
        '',
      ].join('\n'),
    )
    expect(p.diag.warnings()).toEqual([
      'llmeter attribute key "__" has no valid Prometheus label name; its data points are not served',
      'llmeter attribute key "ようこそ" has no valid Prometheus label name; its data points are not served',
    ])
  })
})
