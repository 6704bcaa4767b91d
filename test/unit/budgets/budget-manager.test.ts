import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { BudgetManager, spendKey } from '../../../src/budgets/budget-manager.js'
import { MemorySpendStore } from '../../../src/budgets/memory-store.js'
import type { BudgetConfig, SpendStore } from '../../../src/budgets/types.js'
import { classifyError } from '../../../src/semconv/error-types.js'
import {
  BudgetExceededError,
  BudgetExceededError as TrackerBudgetExceededError,
} from '../../../src/tracking/budget-exceeded-error.js'
import { captureDiag, type DiagCapture } from '../../support/diag-capture.js'

class Clock {
  ms: number
  constructor(iso: string) {
    this.ms = Date.parse(iso)
  }
  set(iso: string): void {
    this.ms = Date.parse(iso)
  }
  readonly now = () => new Date(this.ms)
}

const OPENAI = { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' }
const managers: BudgetManager[] = []
let capture: DiagCapture | undefined

function manager(budgets: BudgetConfig[], store: SpendStore, clock: Clock): BudgetManager {
  const m = new BudgetManager(budgets, store, { now: clock.now, refreshIntervalMillis: 0 })
  managers.push(m)
  return m
}

afterEach(async () => {
  capture?.stop()
  capture = undefined
  for (const m of managers.splice(0)) await m.shutdown()
})

describe('matching and exhaustion', () => {
  it('counts spend only for calls whose attributes match every key', async () => {
    const clock = new Clock('2025-05-10T12:00:00Z')
    const store = new MemorySpendStore()
    const m = manager(
      [
        { name: 'all', limitUsd: 100, window: 'month' },
        { name: 'openai', limitUsd: 100, window: 'month', match: { 'gen_ai.provider.name': 'openai' } },
        {
          name: 'tenant-a-chat',
          limitUsd: 100,
          window: 'day',
          match: { tenant: ['a', 'b'], 'gen_ai.operation.name': 'chat' },
        },
      ],
      store,
      clock,
    )
    await m.ready()
    m.add(1, OPENAI)
    m.add(2, { 'gen_ai.provider.name': 'anthropic', tenant: 'a', 'gen_ai.operation.name': 'chat' })
    m.add(4, { ...OPENAI, tenant: 'b', 'gen_ai.operation.name': 'chat' })
    m.add(8, { ...OPENAI, tenant: 'c', 'gen_ai.operation.name': 'chat' })
    const spend = Object.fromEntries(m.snapshot().map((s) => [s.budget.name, s.spendUsd]))
    expect(spend).toEqual({ all: 15, openai: 13, 'tenant-a-chat': 6 })
  })

  it('reports a budget as exhausted once spend reaches its limit, with what the tracker needs', async () => {
    const clock = new Clock('2025-05-10T12:00:00Z')
    const m = manager(
      [
        {
          name: 'openai',
          limitUsd: 10,
          window: 'day',
          enforce: true,
          match: { 'gen_ai.provider.name': 'openai' },
        },
      ],
      new MemorySpendStore(),
      clock,
    )
    await m.ready()
    m.add(9.5, OPENAI)
    expect(m.exhausted(OPENAI)).toEqual([])
    m.add(0.5, OPENAI)
    const [over, ...rest] = m.exhausted(OPENAI)
    expect(rest).toEqual([])
    expect(over).toMatchObject({ name: 'openai', enforced: true, limitUsd: 10, spendUsd: 10 })
    expect(over?.budget.name).toBe('openai')
    expect(m.exhausted({ 'gen_ai.provider.name': 'anthropic' })).toEqual([])
  })

  it('treats warn-only as the default', async () => {
    const m = manager(
      [{ name: 'b', limitUsd: 0, window: 'day' }],
      new MemorySpendStore(),
      new Clock('2025-05-10T12:00:00Z'),
    )
    expect(m.exhausted({})[0]).toMatchObject({ name: 'b', enforced: false })
  })

  it('ignores costs that are not finite positive numbers', async () => {
    const m = manager(
      [{ name: 'b', limitUsd: 10, window: 'day' }],
      new MemorySpendStore(),
      new Clock('2025-05-10T12:00:00Z'),
    )
    for (const bad of [Number.NaN, -3, 0, Number.POSITIVE_INFINITY]) m.add(bad, {})
    expect(m.snapshot()[0]?.spendUsd).toBe(0)
  })

  it('drops invalid budgets with a warning and keeps the rest', () => {
    capture = captureDiag()
    const m = manager(
      [
        { name: 'ok', limitUsd: 1, window: 'day' },
        { name: 'bad', limitUsd: 1, window: 'year' as never },
      ],
      new MemorySpendStore(),
      new Clock('2025-05-10T12:00:00Z'),
    )
    expect(m.budgets.map((b) => b.name)).toEqual(['ok'])
    expect(capture.warnings('budget "bad": window must be "day" or "month"')).toHaveLength(1)
  })
})

describe('windows', () => {
  it('starts a new day from zero exactly at midnight in the budget time zone', async () => {
    const clock = new Clock('2025-05-10T23:59:59.999Z')
    const store = new MemorySpendStore()
    const m = manager([{ name: 'daily', limitUsd: 10, window: 'day' }], store, clock)
    await m.ready()
    m.add(10, {})
    expect(m.exhausted({})).toHaveLength(1)
    clock.set('2025-05-11T00:00:00.000Z')
    expect(m.exhausted({})).toEqual([])
    expect(m.snapshot()[0]).toMatchObject({ spendUsd: 0, remainingUsd: 10 })
    m.add(3, {})
    await m.flush()
    expect(Object.fromEntries(store.data)).toEqual({
      'budget:daily:day:UTC:2025-05-10': 10,
      'budget:daily:day:UTC:2025-05-11': 3,
    })
  })

  it('rolls a monthly budget over at local midnight of the first', async () => {
    const clock = new Clock('2025-01-31T18:29:59.999Z') // 23:59:59.999 in Kolkata (+05:30)
    const m = manager(
      [{ name: 'm', limitUsd: 5, window: 'month', timeZone: 'Asia/Kolkata' }],
      new MemorySpendStore(),
      clock,
    )
    m.add(5, {})
    expect(m.exhausted({})).toHaveLength(1)
    clock.set('2025-01-31T18:30:00.000Z')
    expect(m.exhausted({})).toEqual([])
  })

  it('reads the new window from the store at rollover, so spend other processes made counts', async () => {
    const clock = new Clock('2025-05-10T23:59:59.999Z')
    const store = new MemorySpendStore()
    const m = manager([{ name: 'daily', limitUsd: 10, window: 'day' }], store, clock)
    await m.ready()
    store.data.set(spendKey({ name: 'daily', limitUsd: 10, window: 'day' }, '2025-05-11'), 12)
    clock.set('2025-05-11T00:00:00.000Z')
    m.exhausted({})
    await m.flush()
    expect(m.exhausted({})).toHaveLength(1)
  })
})

describe('the store', () => {
  it('loads the current window spend at ready()', async () => {
    const clock = new Clock('2025-05-10T12:00:00Z')
    const store = new MemorySpendStore()
    store.data.set('budget:monthly:month:Europe/Paris:2025-05', 7.25)
    const m = manager(
      [{ name: 'monthly', limitUsd: 10, window: 'month', timeZone: 'Europe/Paris' }],
      store,
      clock,
    )
    await m.ready()
    expect(m.snapshot()[0]).toMatchObject({ spendUsd: 7.25, remainingUsd: 2.75 })
  })

  it('coalesces spend added while a write is in flight into one write', async () => {
    const clock = new Clock('2025-05-10T12:00:00Z')
    const writes: number[] = []
    const inner = new MemorySpendStore()
    const store: SpendStore = {
      load: (k) => inner.load(k),
      add: (k, usd) => {
        writes.push(usd)
        return inner.add(k, usd)
      },
      close: async () => {},
    }
    const m = manager([{ name: 'b', limitUsd: 100, window: 'day' }], store, clock)
    await m.ready()
    for (let i = 0; i < 100; i++) m.add(0.25, {})
    await m.flush()
    expect(writes).toEqual([25])
    expect(await inner.load('budget:b:day:UTC:2025-05-10')).toBe(25)
  })

  it('sees other processes spend through the totals a shared store returns', async () => {
    const clock = new Clock('2025-05-10T12:00:00Z')
    const shared = new MemorySpendStore()
    const budgets: BudgetConfig[] = [{ name: 'fleet', limitUsd: 10, window: 'day' }]
    const a = manager(budgets, shared, clock)
    const b = manager(budgets, shared, clock)
    await Promise.all([a.ready(), b.ready()])
    a.add(6, {})
    await a.flush()
    b.add(5, {})
    await b.flush()
    expect(b.exhausted({})[0]?.spendUsd).toBe(11)
    expect(a.exhausted({})).toEqual([])
    await a.refresh()
    expect(a.exhausted({})[0]?.spendUsd).toBe(11)
  })

  it('keeps spend that failed to reach the store, warns once, and writes it on the next try', async () => {
    capture = captureDiag()
    const clock = new Clock('2025-05-10T12:00:00Z')
    const inner = new MemorySpendStore()
    let failing = true
    const store: SpendStore = {
      load: (k) => inner.load(k),
      add: async (k, usd) => {
        if (failing) throw new Error('disk full')
        return inner.add(k, usd)
      },
      close: async () => {},
    }
    const m = manager([{ name: 'b', limitUsd: 10, window: 'day' }], store, clock)
    expect(() => m.add(4, {})).not.toThrow()
    await m.flush()
    m.add(1, {})
    await m.flush()
    expect(m.snapshot()[0]?.spendUsd).toBe(5)
    expect(capture.warnings('budget spend store write failed: disk full')).toHaveLength(1)
    failing = false
    await m.flush()
    expect(await inner.load('budget:b:day:UTC:2025-05-10')).toBe(5)
  })

  it('records nothing after shutdown and closes the store', async () => {
    let closed = 0
    const inner = new MemorySpendStore()
    const store: SpendStore = {
      load: (k) => inner.load(k),
      add: (k, u) => inner.add(k, u),
      close: async () => void closed++,
    }
    const m = new BudgetManager([{ name: 'b', limitUsd: 1, window: 'day' }], store, {
      refreshIntervalMillis: 0,
    })
    m.add(2, {})
    await m.shutdown()
    expect(closed).toBe(1)
    expect([...inner.data.values()]).toEqual([2])
    m.add(5, {})
    expect(m.exhausted({})).toEqual([])
    await m.shutdown()
    expect(closed).toBe(1)
  })
})

describe('gauges', () => {
  class TestReader extends MetricReader {
    protected override async onShutdown(): Promise<void> {}
    protected override async onForceFlush(): Promise<void> {}
  }

  it('reports limit, spend and remaining per budget with its name and window', async () => {
    const reader = new TestReader()
    const provider = new MeterProvider({ readers: [reader] })
    const clock = new Clock('2025-05-10T12:00:00Z')
    const m = manager(
      [
        { name: 'daily', limitUsd: 10, window: 'day' },
        { name: 'monthly', limitUsd: 100, window: 'month' },
      ],
      new MemorySpendStore(),
      clock,
    )
    m.observe(provider.getMeter('test'))
    m.add(12.5, {})
    const { resourceMetrics, errors } = await reader.collect()
    expect(errors).toEqual([])
    const seen: Record<string, number> = {}
    for (const metric of resourceMetrics.scopeMetrics[0]!.metrics) {
      expect(metric.descriptor.unit).toBe('usd')
      expect(metric.descriptor.description).not.toBe('')
      for (const point of metric.dataPoints) {
        const a = point.attributes
        seen[`${metric.descriptor.name}{${a['llmeter.budget.name']},${a['llmeter.budget.window']}}`] =
          point.value as number
      }
    }
    expect(seen).toEqual({
      'llmeter.budget.limit{daily,day}': 10,
      'llmeter.budget.limit{monthly,month}': 100,
      'llmeter.budget.spend{daily,day}': 12.5,
      'llmeter.budget.spend{monthly,month}': 12.5,
      'llmeter.budget.remaining{daily,day}': 0,
      'llmeter.budget.remaining{monthly,month}': 87.5,
    })
    await provider.shutdown()
  })
})

describe('BudgetExceededError', () => {
  it('is the tracker error class, named for the error.type taxonomy', () => {
    const err = new BudgetExceededError('monthly', 100, 100.5)
    expect(err).toBeInstanceOf(TrackerBudgetExceededError)
    expect(err).toBeInstanceOf(Error)
    expect(err).toMatchObject({
      name: 'BudgetExceededError',
      budget: 'monthly',
      limitUsd: 100,
      spendUsd: 100.5,
    })
    expect(classifyError(err)).toBe('budget_exceeded')
  })
})
