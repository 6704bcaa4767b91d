// Defect: BudgetManager.observe() registered the budget gauges' callback on the meter for good,
// so a shut-down (or failed) start left a callback behind that kept reporting. observe() now
// returns a disposer and setupCost() a dispose() that removes it. (The SDK keeps exporting a
// cumulative gauge's last value, so what shows the callback is gone is that it is not called.)
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { describe, expect, it, vi } from 'vitest'
import { BudgetManager } from '../../src/budgets/budget-manager.js'
import { MemorySpendStore } from '../../src/budgets/memory-store.js'
import { resolveConfig } from '../../src/config.js'
import { setupCost } from '../../src/sdk/cost-setup.js'

class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function budgetPoints(reader: TestReader): Promise<string[]> {
  const { resourceMetrics } = await reader.collect()
  return resourceMetrics.scopeMetrics.flatMap((s) =>
    s.metrics.flatMap((m) => m.dataPoints.map((p) => `${m.descriptor.name}=${p.value}`)),
  )
}

describe('budget gauge callbacks', () => {
  it('are removed by the disposer observe() returns', async () => {
    const reader = new TestReader()
    const provider = new MeterProvider({ readers: [reader] })
    const manager = new BudgetManager(
      [{ name: 'daily', limitUsd: 10, window: 'day' }],
      new MemorySpendStore(),
      { refreshIntervalMillis: 0 },
    )
    const snapshot = vi.spyOn(manager, 'snapshot')
    const unobserve = manager.observe(provider.getMeter('test'))
    manager.add(2, {})
    expect(await budgetPoints(reader)).toEqual([
      'llmeter.budget.limit=10',
      'llmeter.budget.spend=2',
      'llmeter.budget.remaining=8',
    ])
    expect(snapshot).toHaveBeenCalledTimes(1)
    unobserve()
    unobserve()
    await reader.collect()
    expect(snapshot).toHaveBeenCalledTimes(1)
    await manager.shutdown()
    await provider.shutdown()
  })

  it("are removed by setupCost()'s dispose()", async () => {
    const reader = new TestReader()
    const provider = new MeterProvider({ readers: [reader] })
    const { config } = resolveConfig(
      { budgets: [{ name: 'monthly', limitUsd: 3, window: 'month' }], budgetStore: new MemorySpendStore() },
      {},
    )
    const cost = setupCost(config, provider.getMeter('test'))
    await cost.budgets!.ready()
    const snapshot = vi.spyOn(cost.budgets!, 'snapshot')
    expect(await budgetPoints(reader)).toEqual([
      'llmeter.budget.limit=3',
      'llmeter.budget.spend=0',
      'llmeter.budget.remaining=3',
    ])
    expect(snapshot).toHaveBeenCalledTimes(1)
    cost.dispose()
    await reader.collect()
    expect(snapshot).toHaveBeenCalledTimes(1)
    await cost.budgets!.shutdown()
    await provider.shutdown()
  })
})
