import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BudgetManager } from '../../../src/budgets/budget-manager.js'
import { FileSpendStore } from '../../../src/budgets/file-store.js'
import type { BudgetConfig } from '../../../src/budgets/types.js'

describe('spend across restarts', () => {
  it('is the same after a manager shuts down and a new one opens the same file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llmeter-restart-')), 'spend.json')
    const budgets: BudgetConfig[] = [
      { name: 'monthly', limitUsd: 20, window: 'month', enforce: true },
      { name: 'openai-daily', limitUsd: 5, window: 'day', match: { 'gen_ai.provider.name': 'openai' } },
    ]
    const now = () => new Date('2025-05-10T12:00:00Z')
    const first = new BudgetManager(budgets, new FileSpendStore({ path: file }), {
      now,
      refreshIntervalMillis: 0,
    })
    await first.ready()
    first.add(3.25, { 'gen_ai.provider.name': 'openai' })
    first.add(17, { 'gen_ai.provider.name': 'anthropic' })
    await first.shutdown()

    const second = new BudgetManager(budgets, new FileSpendStore({ path: file }), {
      now,
      refreshIntervalMillis: 0,
    })
    await second.ready()
    expect(second.snapshot().map((s) => [s.budget.name, s.spendUsd, s.remainingUsd])).toEqual([
      ['monthly', 20.25, 0],
      ['openai-daily', 3.25, 1.75],
    ])
    expect(second.exhausted({ 'gen_ai.provider.name': 'openai' }).map((b) => [b.name, b.enforced])).toEqual([
      ['monthly', true],
    ])
    await second.shutdown()
  })
})
