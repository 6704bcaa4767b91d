import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBudgetsFile, validateBudgets } from '../../../src/budgets/budget-config.js'

describe('budget validation', () => {
  it('keeps good budgets with defaults and drops bad ones with a problem naming each', () => {
    const { budgets, problems } = validateBudgets([
      { name: 'daily', limitUsd: 50, window: 'day' },
      {
        name: 'paris',
        limitUsd: 500,
        window: 'month',
        timeZone: 'Europe/Paris',
        match: { 'gen_ai.provider.name': ['openai', 'anthropic'] },
        enforce: true,
      },
      { limitUsd: 1, window: 'day' },
      { name: 'daily', limitUsd: 1, window: 'day' },
      { name: 'neg', limitUsd: -1, window: 'day' },
      { name: 'weekly', limitUsd: 1, window: 'week' },
      { name: 'tz', limitUsd: 1, window: 'day', timeZone: 'Mars/Base' },
      { name: 'match', limitUsd: 1, window: 'day', match: { tenant: 3 } },
      { name: 'typo', limitUsd: 1, window: 'day', limit: 5 },
      { name: 'enf', limitUsd: 1, window: 'day', enforce: 'yes' },
      'nope',
    ])
    expect(budgets).toEqual([
      { name: 'daily', limitUsd: 50, window: 'day', timeZone: 'UTC', enforce: false },
      {
        name: 'paris',
        limitUsd: 500,
        window: 'month',
        timeZone: 'Europe/Paris',
        match: { 'gen_ai.provider.name': ['openai', 'anthropic'] },
        enforce: true,
      },
    ])
    expect(problems).toEqual([
      'budgets: budget #3: name must be a non-empty string (got undefined); dropped',
      'budgets: budget "daily": a budget with this name is already defined; dropped',
      'budgets: budget "neg": limitUsd must be a number >= 0 (got -1); dropped',
      'budgets: budget "weekly": window must be "day" or "month" (got "week"); dropped',
      'budgets: budget "tz": timeZone must be an IANA time zone such as "Europe/Paris" (got "Mars/Base"); dropped',
      'budgets: budget "match": match["tenant"] must be a string or a non-empty array of strings (got 3); dropped',
      'budgets: budget "typo": unknown field "limit"; dropped',
      'budgets: budget "enf": enforce must be true or false (got "yes"); dropped',
      'budgets: budget #11 must be an object (got "nope"); dropped',
    ])
  })

  it('reads a budgets file given as an array or as { budgets: [...] }', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-budgets-'))
    const a = join(dir, 'a.json')
    const b = join(dir, 'b.json')
    writeFileSync(a, JSON.stringify([{ name: 'x', limitUsd: 1, window: 'day' }]))
    writeFileSync(b, JSON.stringify({ budgets: [{ name: 'y', limitUsd: 2, window: 'month', bad: 1 }] }))
    expect(loadBudgetsFile(a)).toEqual({
      budgets: [{ name: 'x', limitUsd: 1, window: 'day', timeZone: 'UTC', enforce: false }],
      problems: [],
    })
    expect(loadBudgetsFile(b)).toEqual({
      budgets: [],
      problems: [`budgets file ${b}: budget "y": unknown field "bad"; dropped`],
    })
  })

  it('reports a missing or invalid file without throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-budgets-'))
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '[{')
    expect(loadBudgetsFile(join(dir, 'none.json')).problems[0]).toMatch(
      /cannot be read \(ENOENT\); no budgets loaded$/,
    )
    expect(loadBudgetsFile(bad).problems[0]).toMatch(/not valid JSON/)
    expect(loadBudgetsFile(bad).budgets).toEqual([])
  })
})
