/**
 * The recorder binds the trackers to one meter: its instruments, the label limiter, and the
 * optional pricer and budget gate. Trackers ask `currentRecorder()` at start; `start()` swaps in
 * a recorder for its provider, and before that a recorder on the global provider is made lazily,
 * so the manual API works in apps that run their own OTel SDK and never call `start()`.
 *
 * @module
 */
import { type Meter, metrics } from '@opentelemetry/api'
import { CallSeriesStore } from '../aggregation/call-series.js'
import { ValueLimiter } from '../attributes/value-limiter.js'
import { createInstruments, type Instruments, observeCallSeries } from '../instruments/create.js'
import type { CostBreakdown, Pricer } from '../pricing/types.js'
import { ATTR_LLMETER_ATTRIBUTE_KEY } from '../semconv/attributes.js'
import { SCHEMA_URL } from '../semconv/metrics.js'

/** The instrumentation scope every llmeter instrument belongs to. */
export const METER_NAME = 'llmeter'
export const METER_VERSION = '0.1.0'

/** Cost of one call, in USD, by part; the parts sum to `total` (the pricing module's breakdown). */
export type CallCost = Omit<CostBreakdown, 'source'>

/** What the tracker needs from pricing (see `src/pricing`): exactly its `Pricer`. */
export type CallPricer = Pricer

/** A budget that was exhausted when a call started. */
export interface ExhaustedBudget {
  name: string
  enforced: boolean
  limitUsd: number
  spendUsd: number
}

/** What the tracker needs from budgets (see `src/budgets`). */
export interface BudgetGate {
  exhausted(attributes: Readonly<Record<string, unknown>>): ExhaustedBudget[]
  add(costUsd: number, attributes: Readonly<Record<string, unknown>>): void
}

export interface RecorderOptions {
  /** Cap on distinct values per attribute key (models, agents, tools, ...). */
  maxValuesPerAttribute?: number
  pricer?: CallPricer
  budgets?: BudgetGate
}

export const DEFAULT_MAX_VALUES_PER_ATTRIBUTE = 200

export class Recorder {
  readonly instruments: Instruments
  /** Pre-aggregated per-call counters, observed at collection time. */
  readonly calls = new CallSeriesStore()
  readonly limiter: ValueLimiter
  readonly pricer: CallPricer | undefined
  readonly budgets: BudgetGate | undefined

  constructor(meter: Meter, options: RecorderOptions = {}) {
    this.instruments = createInstruments(meter)
    observeCallSeries(meter, this.calls)
    this.limiter = new ValueLimiter(options.maxValuesPerAttribute ?? DEFAULT_MAX_VALUES_PER_ATTRIBUTE)
    const overflows = this.instruments.attributeOverflows
    this.limiter.onOverflow = (key) => overflows.add(1, { [ATTR_LLMETER_ATTRIBUTE_KEY]: key })
    this.pricer = options.pricer
    this.budgets = options.budgets
  }
}

let current: Recorder | undefined

/** The recorder trackers use now. */
export function currentRecorder(): Recorder {
  current ??= new Recorder(metrics.getMeter(METER_NAME, METER_VERSION, { schemaUrl: SCHEMA_URL }))
  return current
}

/** Replaces the recorder (start/shutdown, tests). `undefined` means "lazily use the global provider". */
export function setRecorder(recorder: Recorder | undefined): void {
  current = recorder
}
