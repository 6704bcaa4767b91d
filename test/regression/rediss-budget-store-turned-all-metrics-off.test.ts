// Defect: with LLMETER_BUDGET_STORE=rediss://…, building the store threw inside setupCost(), so
// start() failed as a whole and recorded nothing. Now the store opens in the background, and a
// failure is one warning with budgets kept in memory.
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.js'
import { setupCost } from '../../src/sdk/cost-setup.js'
import { captureDiag, type DiagCapture } from '../support/diag-capture.js'

let capture: DiagCapture | undefined
afterEach(() => {
  capture?.stop()
  capture = undefined
})

describe('a rediss:// budget store that cannot be reached', () => {
  it('gives a working budget manager and one warning instead of an exception', async () => {
    capture = captureDiag()
    const { config } = resolveConfig(
      {
        budgets: [{ name: 'monthly', limitUsd: 1, window: 'month', enforce: true }],
        budgetStore: 'rediss://127.0.0.1:1',
      },
      {},
    )
    const provider = new MeterProvider()
    const cost = setupCost(config, provider.getMeter('test'))
    const manager = cost.budgets!
    // ready() waits for the store's first read, so for the store to be opened (or given up).
    await manager.ready()
    manager.add(1.5, {})
    await manager.flush()
    expect(manager.exhausted({}).map((b) => [b.name, b.spendUsd])).toEqual([['monthly', 1.5]])
    expect(capture.warnings()).toEqual([
      'llmeter budget spend store rediss://127.0.0.1:1 is unavailable (connect ECONNREFUSED 127.0.0.1:1); budgets keep spend in memory for this process',
    ])
    cost.dispose()
    await manager.shutdown()
    await provider.shutdown()
  })
})
