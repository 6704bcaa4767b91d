/**
 * The pricing contract: what the call tracker asks (a {@link PriceQuery}) and what it gets back (a
 * {@link CostBreakdown}), plus the shapes of user price tables. Kept free of any catalog's types so
 * the catalog behind {@link PriceCatalog} can be swapped without touching callers.
 *
 * @module
 */

import type { CostPartName, LlmUsage } from '../semconv/usage-kinds.js'

/** Token usage as llmeter counts it: one shape for the tracker and pricing (`src/semconv/usage-kinds.ts`). */
export type { LlmUsage }

export interface PriceQuery {
  /** `gen_ai.provider.name` (e.g. `openai`, `azure.ai.openai`, `aws.bedrock`). */
  provider: string
  /** The model (or deployment, ARN, inference profile) the call was made with. */
  model: string
  usage: LlmUsage
  /** A cost the provider returned with the response (e.g. OpenRouter's `usage.cost`); wins over tables. */
  providerCostUsd?: number
  /** When the call happened, for dated catalog prices. Default: now. */
  at?: Date
}

/** Where a price came from. */
export type PriceSource = 'provider' | 'user' | 'catalog'

/**
 * The cost of one call in USD, by part (`src/semconv/usage-kinds.ts`); the parts sum to `total`.
 * A token kind's part covers its tokens that belong to none of its child kinds: `input` is
 * uncached text input, `output` is text output other than reasoning, `cacheWrite` the cache
 * writes other than 1-hour ones; `request` is the per-call fee.
 */
export type CostBreakdown = { total: number; source: PriceSource } & Record<CostPartName, number>

export interface Pricer {
  /** The cost of one call, or `undefined` when the model has no known price. Never throws. */
  price(query: PriceQuery): CostBreakdown | undefined
}

/**
 * One model's prices in a user table, in USD per 1M tokens (`request`: USD per call). `input` and
 * `output` are required; any other kind left unset bills at its parent kind's price (cache
 * reads, writes, audio and image at `input`, 1-hour cache writes at `cacheWrite`, reasoning at
 * `output`).
 */
export type UserPrice = { input: number; output: number } & Partial<Record<CostPartName, number>>

/** An entry that prices a name like another one: a user entry, or a catalog model. */
export interface UserPriceAlias {
  /** A key of the same table, or a catalog model (`model` or `provider:model`). */
  alias: string
}

export type UserPriceEntry = UserPrice | UserPriceAlias

/**
 * A user price table. Keys are a model (`gpt-4o`), `provider:model` with our provider names
 * (`azure.ai.openai:prod-gpt4o`), or a pattern with `*` and `?` (`ft:gpt-4o-mini:*`). Keys starting
 * with `$` are ignored (comments).
 */
export type UserPriceTable = Record<string, UserPriceEntry>

/** Per-1M-token rates of one model for every token kind (resolved), and `request` in USD per call. */
export type Rates = Record<CostPartName, number>

/** A source of prices llmeter ships with (today `@pydantic/genai-prices`). */
export interface PriceCatalog {
  /** A human-readable name and version, for docs and diagnostics. */
  readonly version: string
  /** The cost of one call, or `undefined` when the catalog does not know the model. Never throws. */
  price(provider: string, model: string, usage: LlmUsage, at: Date): CostBreakdown | undefined
  /** The model's rates for a small prompt now, or `undefined` when unknown. Never throws. */
  rates(provider: string | undefined, model: string): Rates | undefined
  /** True when `provider` (our name or the catalog's id, exactly) names a provider of the catalog. */
  hasProvider(provider: string): boolean
}
