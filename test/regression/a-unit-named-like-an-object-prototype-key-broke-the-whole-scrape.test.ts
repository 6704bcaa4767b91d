import { afterEach, describe, expect, it } from 'vitest'
import { type ScrapedProvider, scrapedProvider, withoutTargetInfo } from './support/in-process-scrape.js'

// The unit tables were object literals: a unit such as `constructor` found Object.prototype's
// function, `unit.replace is not a function` was thrown inside the serializer, and the scrape
// answered only "# llmeter: metrics collection failed". A per-unit found the same function and
// became `_per_function_Object_native_code`.
describe('units named like Object.prototype keys', () => {
  let p: ScrapedProvider | undefined
  afterEach(async () => {
    await p?.close()
  })

  it('are units like any other, and the rest of the scrape is served', async () => {
    p = scrapedProvider()
    for (const unit of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      p.meter.createGauge(`g.${unit}`, { unit, description: 'd' }).record(1)
    }
    p.meter.createGauge('rate', { unit: 'By/constructor', description: 'd' }).record(2)
    p.meter.createCounter('jobs', { description: 'd' }).add(3)
    const text = await p.scrape()
    // As the reference: unit `__proto__` cleans to `proto_`, which is not the name's token `proto`.
    expect(withoutTargetInfo(text)).toBe(
      [
        '# HELP g_constructor d',
        '# TYPE g_constructor gauge',
        'g_constructor 1',
        '# HELP g_toString d',
        '# TYPE g_toString gauge',
        'g_toString 1',
        '# HELP g_valueOf d',
        '# TYPE g_valueOf gauge',
        'g_valueOf 1',
        '# HELP g_hasOwnProperty d',
        '# TYPE g_hasOwnProperty gauge',
        'g_hasOwnProperty 1',
        '# HELP g_proto_proto_ d',
        '# TYPE g_proto_proto_ gauge',
        'g_proto_proto_ 1',
        '# HELP rate_bytes_per_constructor d',
        '# TYPE rate_bytes_per_constructor gauge',
        'rate_bytes_per_constructor 2',
        '# HELP jobs_total d',
        '# TYPE jobs_total counter',
        'jobs_total 3',
        '',
      ].join('\n'),
    )
    expect(p.diag.warnings()).toEqual([])
  })
})
