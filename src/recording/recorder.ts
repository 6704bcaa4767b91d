/**
 * The recorder: llmeter's instruments on one meter, with the state every tracker shares (the
 * pre-aggregated call series, the label limiter) and the cost parts (pricer, budget gate). It is
 * the one object the data flows through: trackers -> recorder -> instruments -> SDK -> readers.
 *
 * A recorder is attached while it reports: `dispose()` unregisters its observable callbacks (and
 * drops the parts the running instance configured); `attach()` registers them again with the same
 * series, so the cumulative counters of a provider that outlives one llmeter instance continue
 * instead of dropping to zero.
 *
 * @module
 */
import type { Meter } from '@opentelemetry/api'
import { CallSeriesStore } from '../aggregation/call-series.js'
import { ValueLimiter } from '../attributes/value-limiter.js'
import { ATTR_LLMETER_ATTRIBUTE_KEY } from '../semconv/attributes.js'
import { observeCallSeries } from './call-series-observer.js'
import { createInstruments, type Instruments } from './instruments.js'
import {
  type BudgetGate,
  type CallPricer,
  DEFAULT_MAX_VALUES_PER_ATTRIBUTE,
  type RecorderParts,
} from './ports.js'

/** The host table with lower-cased keys (hosts compare case-insensitively; ports are digits). */
function hostTable(providers: RecorderParts['providers']): ReadonlyMap<string, string> {
  const table = new Map<string, string>()
  for (const [host, provider] of Object.entries(providers ?? {})) table.set(host.toLowerCase(), provider)
  return table
}

export class Recorder {
  readonly instruments: Instruments
  /** Pre-aggregated per-call counters, observed at collection time. */
  readonly calls = new CallSeriesStore()
  private valueLimiter: ValueLimiter
  private configuredPricer: CallPricer | undefined
  private gate: BudgetGate | undefined
  private appKeys: readonly string[] = []
  private hostProviders: ReadonlyMap<string, string> = new Map()
  private detach: (() => void) | undefined

  constructor(
    readonly meter: Meter,
    parts: RecorderParts = {},
  ) {
    this.instruments = createInstruments(meter)
    this.valueLimiter = this.makeLimiter(parts.maxValuesPerAttribute)
    this.configuredPricer = parts.pricer
    this.gate = parts.budgets
    this.appKeys = parts.attributes ?? []
    this.hostProviders = hostTable(parts.providers)
    this.attach()
  }

  /** Bounds every label value (see attributes/value-limiter.ts). */
  get limiter(): ValueLimiter {
    return this.valueLimiter
  }

  /** The configured pricer; without one the tracker prices on the bundled catalog. */
  get pricer(): CallPricer | undefined {
    return this.configuredPricer
  }

  get budgets(): BudgetGate | undefined {
    return this.gate
  }

  /** The app attribute keys allowed as labels on LLM calls. */
  get appAttributeKeys(): readonly string[] {
    return this.appKeys
  }

  /**
   * The provider the configuration names for `address` (and `port`): `host:port` first, then the
   * host alone; undefined when it names none. Instrumentations ask at call time, so the table the
   * running instance configured applies to every client, patched at load or explicitly.
   */
  providerAt(address: string | undefined, port: number | undefined): string | undefined {
    if (!address || this.hostProviders.size === 0) return undefined
    const host = address.toLowerCase()
    return (
      (port === undefined ? undefined : this.hostProviders.get(`${host}:${port}`)) ??
      this.hostProviders.get(host)
    )
  }

  /** True while the observable callbacks are registered. */
  get attached(): boolean {
    return this.detach !== undefined
  }

  /** Sets the parts the running instance owns (its pricer, budgets, label cap). */
  configure(parts: RecorderParts): void {
    if (parts.maxValuesPerAttribute !== undefined && parts.maxValuesPerAttribute !== this.limiter.maxValues) {
      this.valueLimiter = this.makeLimiter(parts.maxValuesPerAttribute)
    }
    this.configuredPricer = parts.pricer
    this.gate = parts.budgets
    this.appKeys = parts.attributes ?? []
    this.hostProviders = hostTable(parts.providers)
  }

  /** Registers the observable callbacks (again); a no-op while attached. */
  attach(): void {
    this.detach ??= observeCallSeries(this.meter, this.calls)
  }

  /** Unregisters the callbacks and forgets the configured parts. Idempotent. */
  dispose(): void {
    this.detach?.()
    this.detach = undefined
    this.configuredPricer = undefined
    this.gate = undefined
    this.appKeys = []
    this.hostProviders = new Map()
  }

  private makeLimiter(max: number | undefined): ValueLimiter {
    const limiter = new ValueLimiter(max ?? DEFAULT_MAX_VALUES_PER_ATTRIBUTE)
    limiter.onOverflow = (key) =>
      this.instruments.attributeOverflows.add(1, { [ATTR_LLMETER_ATTRIBUTE_KEY]: key })
    return limiter
  }
}
