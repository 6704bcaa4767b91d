/**
 * The bundled price catalog: `@pydantic/genai-prices` behind our {@link PriceCatalog} interface.
 * Its data ships inside the package, so pricing never touches the network (we never call its
 * `updatePrices`). It handles model matching, dated and time-of-day prices, long-context tiers,
 * cached input, cache writes and per-request fees; we read the matched model's prices to split the
 * cost by token type, and check our split against its total.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { calcPrice, findProvider, type ModelPrice, type Provider, type Usage } from '@pydantic/genai-prices'
import { log, warnOnce } from '../internal/diag.js'
import { USAGE_KINDS } from '../semconv/usage-kinds.js'
import { costFromRates, emptyBreakdown, resolveRates, splitUsage, type TokenSplit } from './cost-math.js'
import { catalogProviderId } from './provider-ids.js'
import type { CostBreakdown, LlmUsage, PriceCatalog, Rates } from './types.js'

const CATALOG_PACKAGE = '@pydantic/genai-prices'
/** Bound on remembered model resolutions (hits and misses); cleared when full. */
const MAX_RESOLVED = 2000

type Tiered = { base: number; tiers: { start: number; price: number }[] }

function isTiered(value: unknown): value is Tiered {
  return (
    typeof value === 'object' && value !== null && 'base' in value && Array.isArray((value as Tiered).tiers)
  )
}

/** The price of one key for a prompt of `inputTokens` (tiers apply to the whole call, as the catalog does). */
function rate(value: ModelPrice[string], inputTokens: number): number | undefined {
  if (typeof value === 'number') return value
  if (!isTiered(value)) return undefined
  let price = value.base
  let start = -1
  for (const tier of value.tiers) {
    if (inputTokens > tier.start && tier.start > start) {
      price = tier.price
      start = tier.start
    }
  }
  return price
}

/** The catalog's price key of a usage key (`cache_write_1h_tokens` -> `cache_write_1h_mtok`). */
function priceKey(catalogKey: string): string {
  return catalogKey.replace(/_tokens$/, '_mtok')
}

const KIND_PRICE_KEYS = new Map<string, string>(USAGE_KINDS.map((k) => [k.name, priceKey(k.catalogKey)]))
const KNOWN_PRICE_KEYS = new Set(KIND_PRICE_KEYS.values())

/** Our per-1M rates from the catalog's price keys; a token kind without its own price bills at its parent's. */
export function ratesFromModelPrice(prices: ModelPrice, inputTokens: number): Rates {
  return resolveRates(
    (kind) => rate(prices[KIND_PRICE_KEYS.get(kind)!], inputTokens),
    (rate(prices.requests_kcount, inputTokens) ?? 0) / 1000,
  )
}

/**
 * Our split as the catalog's usage: every kind's tokens under its usage key, and 0 for the token
 * kinds the model prices that we do not count (e.g. `cache_audio_read`, cached audio): without a
 * count the package refuses usage where two priced parents overlap; with 0 it bills those tokens
 * at their parents' rates, as our split does.
 */
export function catalogUsage(split: TokenSplit, prices: ModelPrice | undefined): Usage {
  const usage: Usage = {}
  USAGE_KINDS.forEach((kind, i) => {
    usage[kind.catalogKey] = split.totals[i]
  })
  for (const key of Object.keys(prices ?? {})) {
    if (key.endsWith('_mtok') && !KNOWN_PRICE_KEYS.has(key)) usage[key.replace(/_mtok$/, '_tokens')] = 0
  }
  return usage
}

function readVersion(): string {
  try {
    const entry = new URL(import.meta.resolve(CATALOG_PACKAGE))
    const pkg = JSON.parse(readFileSync(new URL('../package.json', entry), 'utf8')) as { version?: string }
    return `${CATALOG_PACKAGE}@${pkg.version ?? 'unknown'}`
  } catch {
    return `${CATALOG_PACKAGE}@unknown`
  }
}

/** A resolved model: the catalog narrowed to it, and its prices when they do not depend on time. */
interface Resolved {
  only: Provider
  /** Set when the prices are undated and our split matched the catalog's total on probe calls. */
  fixed: ModelPrice | undefined
}

/** Usages that exercise base and long-context prices and every token kind we split. */
const PROBES: LlmUsage[] = [
  {
    inputTokens: 1234,
    cacheReadTokens: 200,
    cacheWriteTokens: 100,
    cacheWrite1hTokens: 40,
    inputAudioTokens: 300,
    inputImageTokens: 70,
    outputTokens: 567,
    reasoningTokens: 50,
    outputAudioTokens: 120,
    outputImageTokens: 30,
  },
  {
    inputTokens: 250_000,
    cacheReadTokens: 10_000,
    cacheWriteTokens: 5_000,
    cacheWrite1hTokens: 2_000,
    inputAudioTokens: 7_000,
    inputImageTokens: 3_000,
    outputTokens: 3_000,
    reasoningTokens: 1_000,
    outputAudioTokens: 400,
    outputImageTokens: 200,
  },
]

/** The catalog of `@pydantic/genai-prices`, with model resolutions cached. */
export class GenaiPricesCatalog implements PriceCatalog {
  private readonly resolved = new Map<string, Resolved | null>()
  private versionText: string | undefined

  get version(): string {
    this.versionText ??= readVersion()
    return this.versionText
  }

  price(provider: string, model: string, usage: LlmUsage, at: Date): CostBreakdown | undefined {
    try {
      const resolved = this.resolve(catalogProviderId(provider), model)
      if (!resolved) return undefined
      if (resolved.fixed) {
        // Fast path: undated prices checked against the catalog once, at resolution.
        const split = splitUsage(usage)
        return costFromRates(split, ratesFromModelPrice(resolved.fixed, split.totalInput), 'catalog')
      }
      return this.viaCatalog(resolved.only, model, usage, at)
    } catch (err) {
      log.debug(`catalog price for ${model} failed`, err)
      return undefined
    }
  }

  /** Prices through the package itself (dated prices), split by token type and checked against its total. */
  private viaCatalog(only: Provider, model: string, usage: LlmUsage, at: Date): CostBreakdown | undefined {
    const split = splitUsage(usage)
    const prices = only.models[0]?.prices
    // Dated prices list several price sets: zero-fill the keys of all of them.
    const keys = Array.isArray(prices) ? Object.assign({}, ...prices.map((p) => p.prices)) : prices
    const result = calcPrice(catalogUsage(split, keys), model, { provider: only, timestamp: at })
    if (!result) return undefined
    const cost = costFromRates(split, ratesFromModelPrice(result.model_price, split.totalInput), 'catalog')
    const tolerance = 1e-12 * Math.max(1, result.total_price)
    if (Math.abs(cost.total - result.total_price) <= tolerance) return cost
    // A price key we do not split (a new unit in the catalog): keep the catalog's total.
    warnOnce(
      `catalog-split:${only.id}:${model}`,
      `cost of ${model} not split by token type; using the catalog total`,
    )
    const fallback = emptyBreakdown(result.total_price, 'catalog')
    fallback.input = result.input_price
    fallback.output = result.output_price
    fallback.request = Math.max(0, result.total_price - result.input_price - result.output_price)
    return fallback
  }

  rates(provider: string | undefined, model: string): Rates | undefined {
    try {
      const options = provider === undefined ? {} : { providerId: catalogProviderId(provider) }
      const result = calcPrice({}, model, options)
      return result ? ratesFromModelPrice(result.model_price, 0) : undefined
    } catch {
      return undefined
    }
  }

  hasProvider(provider: string): boolean {
    try {
      const id = catalogProviderId(provider)
      return findProvider({ providerId: id })?.id === id
    } catch {
      return false
    }
  }

  /**
   * The catalog's provider narrowed to the one model `model` matches, so later calls skip the
   * linear match over hundreds of models; `null` when the catalog does not know it.
   */
  private resolve(providerId: string, model: string): Resolved | null {
    const key = `${providerId}\u0000${model}`
    const hit = this.resolved.get(key)
    if (hit !== undefined) return hit
    let resolved: Resolved | null = null
    const found = calcPrice({}, model, { providerId })
    if (found) {
      const only: Provider = { ...found.provider, models: [found.model], fallback_model_providers: [] }
      resolved = { only, fixed: undefined }
      const prices = found.model.prices
      if (!Array.isArray(prices) && this.splitMatches(only, model, prices)) resolved.fixed = prices
    }
    if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear()
    this.resolved.set(key, resolved)
    return resolved
  }

  /** True when our split of `prices` gives the package's own total on the probe usages. */
  private splitMatches(only: Provider, model: string, prices: ModelPrice): boolean {
    const at = new Date()
    for (const probe of PROBES) {
      const split = splitUsage(probe)
      let theirs: number | undefined
      try {
        theirs = this.viaCatalog(only, model, probe, at)?.total
      } catch {
        return false
      }
      const ours = costFromRates(split, ratesFromModelPrice(prices, split.totalInput), 'catalog').total
      if (theirs === undefined || Math.abs(ours - theirs) > 1e-12 * Math.max(1, theirs)) return false
    }
    return true
  }
}
