/**
 * Budgets: spend per calendar window, kept in a {@link SpendStore} so it survives restarts. The
 * tracker's hot path (`exhausted`, `add`) is synchronous and reads cached state; store reads and
 * writes run on one serial queue in the background, writes coalesced (under load one store write
 * carries many calls' spend). Errors go to `diag`, never to the caller.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api'
import { log, warnOnce } from '../internal/diag.js'
import { validateBudgets } from './budget-config.js'
import { observeBudgetGauges } from './budget-gauges.js'
import { CalendarWindow } from './calendar-window.js'
import type { BudgetConfig, ExhaustedBudget, SpendStore } from './types.js'

/** Spend of one budget in one window. Replaced (not reset) at rollover, so late writes land on the old one. */
interface WindowSpend {
  readonly key: string
  /** First millisecond of this window. */
  readonly start: number
  /** First millisecond of the next window. */
  readonly end: number
  /** The store's total for `key` as last seen. */
  stored: number
  /** Added locally, not yet sent to the store. */
  pending: number
  /** Sent to the store, not yet acknowledged. */
  inflight: number
  writeQueued: boolean
}

interface BudgetState {
  readonly config: BudgetConfig
  readonly window: CalendarWindow
  readonly match: [string, readonly string[]][]
  current: WindowSpend | undefined
}

export interface BudgetManagerOptions {
  /** The clock (tests inject one). Default `() => new Date()`. */
  now?: () => Date
  /** Reload spend from the store this often, to see other processes' spend. 0 = never. Default 60000 ms. */
  refreshIntervalMillis?: number
}

/** The store key: budget, window kind, zone and the window's local start date. */
export function spendKey(config: BudgetConfig, windowId: string): string {
  return `budget:${config.name}:${config.window}:${config.timeZone ?? 'UTC'}:${windowId}`
}

export class BudgetManager {
  private readonly states: BudgetState[]
  private readonly store: SpendStore
  private readonly now: () => Date
  private queue: Promise<void> = Promise.resolve()
  private readonly dirty = new Set<WindowSpend>()
  private timer: ReturnType<typeof setInterval> | undefined
  private stopped = false

  /**
   * Budgets are validated again here; bad ones are dropped with a warning.
   *
   * @example
   * const manager = new BudgetManager([{ name: 'monthly', limitUsd: 500, window: 'month', enforce: true }], new FileSpendStore({ path: '.llmeter/spend.json' }))
   * await manager.ready()
   */
  constructor(budgets: BudgetConfig[], store: SpendStore, options: BudgetManagerOptions = {}) {
    const { budgets: valid, problems } = validateBudgets(budgets)
    for (const problem of problems) log.warn(problem)
    this.store = store
    this.now = options.now ?? (() => new Date())
    this.states = valid.map((config) => ({
      config,
      window: new CalendarWindow(config.window, config.timeZone ?? 'UTC'),
      match: Object.entries(config.match ?? {}).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]),
      current: undefined,
    }))
    const every = options.refreshIntervalMillis ?? 60_000
    if (every > 0 && this.states.length > 0) {
      this.timer = setInterval(() => this.refresh(), every)
      this.timer.unref()
    }
  }

  /** The budgets in force. */
  get budgets(): readonly BudgetConfig[] {
    return this.states.map((s) => s.config)
  }

  /** Loads each budget's spend in its current window from the store. */
  async ready(): Promise<void> {
    const now = this.nowMs()
    for (const state of this.states) this.windowOf(state, now)
    await this.queue
  }

  /** Reloads current-window spend from the store (other processes' spend shows up). */
  refresh(): Promise<void> {
    const now = this.nowMs()
    for (const state of this.states) this.enqueueLoad(this.windowOf(state, now))
    return this.queue
  }

  /**
   * Budgets matching `attrs` whose current-window spend has reached the limit. Synchronous.
   *
   * @example
   * const over = manager.exhausted({ 'gen_ai.provider.name': 'openai' })
   */
  exhausted(attrs: Readonly<Record<string, unknown>>): ExhaustedBudget[] {
    const out: ExhaustedBudget[] = []
    if (this.stopped) return out
    const now = this.nowMs()
    for (const state of this.states) {
      if (!this.matches(state, attrs)) continue
      const spendUsd = total(this.windowOf(state, now))
      const { config } = state
      if (spendUsd >= config.limitUsd) {
        out.push({
          budget: config,
          spendUsd,
          name: config.name,
          enforced: config.enforce === true,
          limitUsd: config.limitUsd,
        })
      }
    }
    return out
  }

  /** Counts `costUsd` against every matching budget. Synchronous; the store write happens later. */
  add(costUsd: number, attrs: Readonly<Record<string, unknown>>): void {
    if (this.stopped || !(costUsd > 0) || !Number.isFinite(costUsd)) return
    const now = this.nowMs()
    for (const state of this.states) {
      if (!this.matches(state, attrs)) continue
      const spend = this.windowOf(state, now)
      spend.pending += costUsd
      this.scheduleWrite(spend)
    }
  }

  /** Current-window figures per budget (what the gauges report). */
  snapshot(): { budget: BudgetConfig; spendUsd: number; remainingUsd: number }[] {
    const now = this.nowMs()
    return this.states.map((state) => {
      const spendUsd = total(this.windowOf(state, now))
      return { budget: state.config, spendUsd, remainingUsd: Math.max(0, state.config.limitUsd - spendUsd) }
    })
  }

  /**
   * Registers the `llmeter.budget.limit/spend/remaining` gauges on `meter`. Returns the function
   * that removes their callback, so a shutdown leaves nothing registered on the meter.
   *
   * @example
   * const unobserve = manager.observe(meter)
   * unobserve()
   */
  observe(meter: Meter): () => void {
    return observeBudgetGauges(meter, () => (this.stopped ? [] : this.snapshot()))
  }

  /** Writes all pending spend to the store. */
  async flush(): Promise<void> {
    for (const spend of this.dirty) this.scheduleWrite(spend)
    await this.queue
  }

  /** Flushes, stops the refresh timer and closes the store. Later calls record nothing. */
  async shutdown(): Promise<void> {
    if (this.stopped) return
    if (this.timer) clearInterval(this.timer)
    await this.flush()
    this.stopped = true
    try {
      await this.store.close()
    } catch (err) {
      log.warn('closing the spend store failed', err)
    }
  }

  private nowMs(): number {
    const ms = this.now().getTime()
    return Number.isFinite(ms) ? ms : Date.now()
  }

  private matches(state: BudgetState, attrs: Readonly<Record<string, unknown>>): boolean {
    for (const [key, values] of state.match) {
      const value = attrs[key]
      if (value === undefined || value === null || !values.includes(String(value))) return false
    }
    return true
  }

  /** The budget's spend in the window holding `now`; a new window starts from the store's figure. */
  private windowOf(state: BudgetState, now: number): WindowSpend {
    const current = state.current
    if (current && now < current.end && now >= current.start) return current
    const { window } = state
    const key = spendKey(state.config, window.id(now))
    const next: WindowSpend = {
      key,
      start: window.start(now),
      end: window.end(now),
      stored: 0,
      pending: 0,
      inflight: 0,
      writeQueued: false,
    }
    state.current = next
    this.enqueueLoad(next)
    return next
  }

  private enqueue(what: string, op: () => Promise<void>): void {
    this.queue = this.queue.then(op).catch((err: unknown) => {
      warnOnce(
        `budget-store:${what}`,
        `budget spend store ${what} failed: ${(err as Error)?.message ?? String(err)}`,
      )
    })
  }

  private enqueueLoad(spend: WindowSpend): void {
    this.enqueue('read', async () => {
      spend.stored = await this.store.load(spend.key)
    })
  }

  private scheduleWrite(spend: WindowSpend): void {
    this.dirty.add(spend)
    if (spend.writeQueued) return
    spend.writeQueued = true
    this.enqueue('write', async () => {
      spend.writeQueued = false
      const delta = spend.pending
      if (!(delta > 0)) {
        this.dirty.delete(spend)
        return
      }
      spend.pending = 0
      spend.inflight = delta
      try {
        spend.stored = await this.store.add(spend.key, delta)
        if (spend.pending === 0) this.dirty.delete(spend)
      } catch (err) {
        // Kept for the next write: a lost update would understate spend.
        spend.pending += delta
        throw err
      } finally {
        spend.inflight = 0
      }
    })
  }
}

function total(spend: WindowSpend): number {
  return spend.stored + spend.inflight + spend.pending
}
