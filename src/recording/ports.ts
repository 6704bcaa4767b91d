/**
 * What recording needs from pricing and budgets, as small interfaces, so the recorder depends on
 * neither module: the lifecycle wires the real ones in (src/sdk/), tests wire fakes.
 *
 * @module
 */
import type { CostBreakdown, Pricer } from '../pricing/types.js'

/** Cost of one call, in USD, by part; the parts sum to `total` (the pricing module's breakdown). */
export type CallCost = Omit<CostBreakdown, 'source'>

/** What the tracker needs from pricing: exactly the pricing module's `Pricer`. */
export type CallPricer = Pricer

/** A budget that was exhausted when a call started. */
export interface ExhaustedBudget {
  name: string
  enforced: boolean
  limitUsd: number
  spendUsd: number
}

/** What the tracker needs from budgets. */
export interface BudgetGate {
  exhausted(attributes: Readonly<Record<string, unknown>>): ExhaustedBudget[]
  add(costUsd: number, attributes: Readonly<Record<string, unknown>>): void
}

/** The parts of a recorder the running instance configures. */
export interface RecorderParts {
  /** Cap on distinct values per attribute key (models, agents, tools, ...). Default 200. */
  maxValuesPerAttribute?: number
  /** Prices calls; default: the bundled catalog. */
  pricer?: CallPricer
  budgets?: BudgetGate
  /** App attribute keys allowed as labels on LLM calls (see tracking/app-attributes.ts). */
  attributes?: readonly string[]
  /**
   * `gen_ai.provider.name` by host (`llm.internal`) or `host:port` (`llm.internal:8000`), for
   * servers whose provider llmeter cannot tell from the host (see config.ts `providers`).
   */
  providers?: Readonly<Record<string, string>>
}

export const DEFAULT_MAX_VALUES_PER_ATTRIBUTE = 200
