import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPricer } from '../../../src/pricing/index.js'
import { expectUsd } from './expect-usd.js'

const M = 1_000_000

describe('price table validation', () => {
  it('drops each bad entry with a problem naming it and keeps the good ones', () => {
    const { pricer, problems } = createPricer({
      prices: {
        good: { input: 1, output: 2 },
        'not-object': 5 as never,
        'no-output': { input: 1 } as never,
        negative: { input: -1, output: 1 },
        'string-price': { input: '2.5' as never, output: 1 },
        typo: { input: 1, output: 1, cache_read: 0.1 } as never,
        both: { alias: 'good', input: 1 } as never,
        'empty-alias': { alias: '' },
        'bad-request': { input: 1, output: 1, request: Number.NaN },
      },
      catalog: false,
    })
    const text = problems.join('\n')
    expect(text).toContain('entry "not-object": must be an object')
    expect(text).toContain('entry "no-output": output must be a number >= 0 in USD per 1M tokens (missing)')
    expect(text).toContain('entry "negative": input must be a number >= 0')
    expect(text).toContain(
      'entry "string-price": input must be a number >= 0 in USD per 1M tokens (got "2.5")',
    )
    expect(text).toContain('entry "typo": unknown field "cache_read"')
    expect(text).toContain('entry "both": has both an alias and prices')
    expect(text).toContain('entry "empty-alias": alias must be a non-empty string')
    expect(text).toContain('entry "bad-request": request must be a number >= 0')
    expect(problems).toHaveLength(8)
    for (const p of problems) expect(p).toMatch(/^prices option: entry ".+": .*entry dropped$/)
    expectUsd(pricer.price({ provider: 'x', model: 'good', usage: { inputTokens: M } })?.total, 1)
    for (const dropped of ['no-output', 'negative', 'string-price', 'typo', 'both']) {
      expect(
        pricer.price({ provider: 'x', model: dropped, usage: { inputTokens: M } }),
        dropped,
      ).toBeUndefined()
    }
  })

  it('drops aliases that loop and case-insensitive duplicates', () => {
    const { problems } = createPricer({
      prices: {
        a: { alias: 'b' },
        b: { alias: 'A' },
        Dup: { input: 1, output: 1 },
        dup: { input: 2, output: 2 },
      },
      catalog: false,
    })
    expect(problems.filter((p) => p.includes('alias loops back to itself'))).toHaveLength(2)
    expect(problems.some((p) => p.includes('entry "dup": duplicates "Dup"'))).toBe(true)
  })

  it('rejects a table that is not an object', () => {
    const { problems } = createPricer({ prices: [1, 2] as never, catalog: false })
    expect(problems).toEqual([
      'prices option: must be a JSON object of model -> prices (got an array); ignored',
    ])
  })

  it('ignores $-keys as comments', () => {
    const { problems } = createPricer({
      prices: { $comment: 'team prices' as never, m: { input: 1, output: 1 } },
      catalog: false,
    })
    expect(problems).toEqual([])
  })
})

describe('prices that look per 1K tokens', () => {
  it('warns when a price is about a thousandth of the catalog price, and keeps it', () => {
    const { pricer, problems } = createPricer({ prices: { 'gpt-4o': { input: 0.0025, output: 0.01 } } })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(
      'entry "gpt-4o": warning: input 0.0025 is about 1/1000 of the catalog\'s 2.5 per 1M tokens',
    )
    expectUsd(pricer.price({ provider: 'openai', model: 'gpt-4o', usage: { inputTokens: M } })?.total, 0.0025)
  })

  it('warns for a model the catalog lacks when a price is below any real per-1M price', () => {
    const { problems } = createPricer({ prices: { 'in-house-7b': { input: 0.0002, output: 0.0006 } } })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('warning: input 0.0002 per 1M tokens is cheaper than any known model')
  })

  it('warns when a price is far above any real per-1M price', () => {
    const { problems } = createPricer({ prices: { 'in-house-7b': { input: 2500, output: 10000 } } })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('warning: input 2500 per 1M tokens is dearer than any known model')
  })

  it('says nothing about ordinary prices, zero prices or catalog-level prices', () => {
    const { problems } = createPricer({
      prices: {
        'gpt-4o': { input: 2.5, output: 10 },
        embed: { input: 0.02, output: 0 },
        'o1-pro': { input: 150, output: 600 },
      },
    })
    expect(problems).toEqual([])
  })
})

describe('price files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmeter-prices-'))

  it('reads a JSON price file, with code entries winning over the file', () => {
    const file = join(dir, 'prices.json')
    writeFileSync(
      file,
      JSON.stringify({ 'my-model': { input: 1, output: 2 }, other: { input: 3, output: 3 } }),
    )
    const { pricer, problems } = createPricer({
      pricesFile: file,
      prices: { other: { input: 4, output: 4 } },
      catalog: false,
    })
    expect(problems).toEqual([])
    expectUsd(pricer.price({ provider: 'x', model: 'my-model', usage: { outputTokens: M } })?.total, 2)
    expectUsd(pricer.price({ provider: 'x', model: 'other', usage: { outputTokens: M } })?.total, 4)
  })

  it('names the file in problems about its entries', () => {
    const file = join(dir, 'bad-entry.json')
    writeFileSync(file, JSON.stringify({ 'my-model': { input: 'x', output: 2 } }))
    const { problems } = createPricer({ pricesFile: file, catalog: false })
    expect(problems).toEqual([
      `prices file ${file}: entry "my-model": input must be a number >= 0 in USD per 1M tokens (got "x"); entry dropped`,
    ])
  })

  it('reports an unreadable or invalid file without throwing, and still prices from the catalog', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ "m": ')
    const invalid = createPricer({ pricesFile: bad })
    expect(invalid.problems[0]).toMatch(/^prices file .*bad\.json: not valid JSON/)
    const missing = createPricer({ pricesFile: join(dir, 'missing.json') })
    expect(missing.problems[0]).toMatch(/^prices file .*missing\.json: cannot be read \(ENOENT\); ignored$/)
    expectUsd(
      missing.pricer.price({ provider: 'openai', model: 'gpt-4', usage: { inputTokens: M } })?.total,
      30,
    )
  })
})
