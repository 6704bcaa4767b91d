import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSpendStore } from '../../../src/budgets/file-store.js'
import { startSpendWriter } from './spend-writer.js'

const KEY = 'budget:crash:day:UTC:2025-05-10'
const STEP = 0.5 // exact in binary, so totals compare with ===

function readTotal(file: string): number {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    version: number
    spend: Record<string, { usd: number }>
  }
  expect(data.version).toBe(1)
  return data.spend[KEY]?.usd ?? 0
}

describe('file store under SIGKILL', () => {
  it('leaves a parseable file holding every acknowledged add, plus at most the one in flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmeter-crash-'))
    const file = join(dir, 'spend.json')
    let expectedNext = STEP
    for (let round = 0; round < 5; round++) {
      const writer = startSpendWriter(file, KEY, STEP, 0)
      await writer.acked(25)
      writer.proc.kill('SIGKILL')
      const { signal } = await writer.closed
      expect(signal).toBe('SIGKILL')
      // Each round's first add lands on the previous round's file: nothing was lost or corrupted,
      // and the lock the killed writer may have left was recovered.
      expect(writer.acks[0]).toBe(expectedNext)
      const lastAck = writer.acks.at(-1)!
      const total = readTotal(file)
      // The writer awaits each add, so at most one add (STEP) was renamed in but not yet acknowledged.
      expect([lastAck, lastAck + STEP]).toContain(total)
      expectedNext = total + STEP
    }
    // A new writer in this process recovers the dead writer's lock and temp files.
    const store = new FileSpendStore({ path: file })
    expect(await store.add(KEY, STEP)).toBe(expectedNext)
    await store.close()
    expect(readdirSync(dir)).toEqual(['spend.json'])
  })
})
