import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSpendStore } from '../../src/budgets/file-store.js'
import { captureDiag } from '../support/diag-capture.js'

const updated = '2026-12-01T00:00:00.000Z'

describe('a spend file with bad values inside valid JSON', () => {
  it.each([
    ['a string', '"0abc"'],
    ['an infinite number', '1e999'],
    ['a negative number', '-5'],
    ['an array', '[1]'],
  ])('holding %s is moved aside with one warning, and counting starts over', async (_what, usd) => {
    const capture = captureDiag()
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-spend-'))
    const file = join(dir, 'spend.json')
    writeFileSync(file, `{"version":1,"spend":{"k":{"usd":${usd},"updated":"${updated}"}}}`)
    expect(await new FileSpendStore({ path: file }).add('k', 0.25)).toBe(0.25)
    expect(readdirSync(dir).filter((n) => n.startsWith('spend.json.corrupt-'))).toHaveLength(1)
    expect(capture.warnings('was not a valid spend file')).toHaveLength(1)
    capture.stop()
  })

  it('an array for the whole table is a bad file too', async () => {
    const capture = captureDiag()
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-spend-'))
    const file = join(dir, 'spend.json')
    writeFileSync(file, '{"version":1,"spend":[]}')
    expect(await new FileSpendStore({ path: file }).add('k', 1.5)).toBe(1.5)
    expect(await new FileSpendStore({ path: file }).add('k', 1.5)).toBe(3)
    expect(capture.warnings('was not a valid spend file')).toHaveLength(1)
    capture.stop()
  })
})
