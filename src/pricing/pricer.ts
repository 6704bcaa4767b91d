/**
 * The pricing order: a cost the provider returned, then the user's table, then the
 * catalog. A model nobody prices yields `undefined`; nothing here guesses (no date suffix is ever
 * stripped: gpt-4o-2024-05-13 costs twice gpt-4o).
 *
 * @module
 */
import { log } from '../internal/diag.js'
import { costFromRates, providerCost, splitUsage } from './cost-math.js'
import { isMappedProviderName } from './provider-ids.js'
import type { CostBreakdown, LlmUsage, PriceCatalog, PriceQuery, Pricer } from './types.js'
import type { CompiledEntry, CompiledTable } from './user-table.js'

/** Aliases may chain (deployment -> model -> another provider's model), but not forever. */
const MAX_ALIAS_HOPS = 8

/** A pricer over a compiled user table and an optional catalog. */
export class TablePricer implements Pricer {
  private readonly emptyTable: boolean

  constructor(
    private readonly table: CompiledTable,
    private readonly catalog: PriceCatalog | undefined,
  ) {
    this.emptyTable = table.exact.size === 0 && table.patterns.length === 0
  }

  price(query: PriceQuery): CostBreakdown | undefined {
    try {
      const at = query.at ?? new Date()
      const estimate = this.estimate(query.provider, query.model, query.usage, at)
      const returned = query.providerCostUsd
      if (typeof returned === 'number' && Number.isFinite(returned) && returned >= 0) {
        return providerCost(returned, estimate)
      }
      return estimate
    } catch (err) {
      log.debug(`pricing ${query?.model} failed`, err)
      return undefined
    }
  }

  /** The user's entry for a call: `provider:model`, then `model`, then patterns in the order written. */
  lookup(provider: string, model: string): CompiledEntry | undefined {
    if (this.emptyTable) return undefined
    const m = model.trim().toLowerCase()
    const pm = `${provider.trim().toLowerCase()}:${m}`
    const exact = this.table.exact.get(pm) ?? this.table.exact.get(m)
    if (exact) return exact
    for (const { regex, entry } of this.table.patterns) {
      if (regex.test(pm) || regex.test(m)) return entry
    }
    return undefined
  }

  private estimate(provider: string, model: string, usage: LlmUsage, at: Date): CostBreakdown | undefined {
    let entry = this.lookup(provider, model)
    if (!entry) return this.catalog?.price(provider, model, usage, at)
    const seen = new Set<CompiledEntry>()
    for (let hop = 0; hop <= MAX_ALIAS_HOPS; hop++) {
      if (entry.rates) return costFromRates(splitUsage(usage), entry.rates, 'user')
      seen.add(entry)
      const target: string = entry.alias!
      const next = this.lookup(provider, target)
      if (!next || seen.has(next)) return this.fromCatalog(provider, target, usage, at)
      entry = next
    }
    return undefined
  }

  /** An alias target outside the table: `provider:model` when the prefix names a provider, else the call's provider. */
  private fromCatalog(
    provider: string,
    target: string,
    usage: LlmUsage,
    at: Date,
  ): CostBreakdown | undefined {
    const catalog = this.catalog
    if (!catalog) return undefined
    const colon = target.indexOf(':')
    if (colon > 0) {
      const prefix = target.slice(0, colon)
      if (isMappedProviderName(prefix) || catalog.hasProvider(prefix)) {
        const viaPrefix = catalog.price(prefix, target.slice(colon + 1), usage, at)
        if (viaPrefix) return viaPrefix
      }
    }
    return catalog.price(provider, target, usage, at)
  }
}
