import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSpendWriter } from './spend-writer.js'

describe('file store shared by processes on one host', () => {
  it('loses no update when several processes add to one key at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-procs-'))
    const file = join(dir, 'spend.json')
    const key = 'budget:shared:month:UTC:2025-05'
    const writers = [0, 1, 2].map(() => startSpendWriter(file, key, 0.25, 120))
    const results = await Promise.all(writers.map((w) => w.closed))
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    for (const w of writers) {
      expect(w.acks).toHaveLength(120)
      // Each writer sees a strictly growing total that includes the others' adds.
      for (let i = 1; i < w.acks.length; i++) expect(w.acks[i]!).toBeGreaterThan(w.acks[i - 1]!)
    }
    const data = JSON.parse(readFileSync(file, 'utf8')) as { spend: Record<string, { usd: number }> }
    expect(data.spend[key]?.usd).toBe(3 * 120 * 0.25)
    expect(Math.max(...writers.flatMap((w) => w.acks))).toBe(90)
    expect(readdirSync(dir)).toEqual(['spend.json'])
  })
})
