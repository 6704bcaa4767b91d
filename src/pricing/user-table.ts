/**
 * Validates and compiles a user price table (from code or a JSON file). Validation never throws:
 * each bad entry becomes a problem that names it and is dropped, good entries are kept, and prices
 * that look like they were given per 1K tokens instead of per 1M get a warning (the entry is kept).
 *
 * @module
 */
import { COST_PARTS, type CostPartName } from '../semconv/usage-kinds.js'
import { resolveRates } from './cost-math.js'
import type { PriceCatalog, Rates, UserPriceTable } from './types.js'

/** One usable entry: either rates or an alias. */
export interface CompiledEntry {
  /** The key as written. */
  readonly key: string
  readonly rates?: Rates
  /** Lower-cased alias target. */
  readonly alias?: string
}

export interface CompiledTable {
  /** Exact keys, lower-cased. */
  readonly exact: ReadonlyMap<string, CompiledEntry>
  /** Pattern keys, in the order written. */
  readonly patterns: readonly { readonly regex: RegExp; readonly entry: CompiledEntry }[]
}

/** Every price a table entry may set: one per token kind, then the per-call fee. */
const PRICE_FIELDS: readonly CostPartName[] = COST_PARTS.map((p) => p.name)
/** Below every token price in the catalog (its cheapest is $0.005 per 1M) yet where per-1K prices land. */
const LOOKS_PER_1K_BELOW = 0.001
/** Above every token price in the catalog (its dearest is $600 per 1M). */
const LOOKS_TOO_HIGH_ABOVE = 1000

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, 's')
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'number'
      ? String(value)
      : `a ${typeof value}`
}

class Compiler {
  readonly problems: string[] = []
  readonly exact = new Map<string, CompiledEntry>()
  readonly patterns: { regex: RegExp; entry: CompiledEntry }[] = []

  constructor(
    private readonly where: string,
    private readonly catalog: PriceCatalog | undefined,
  ) {}

  problem(key: string, text: string): void {
    this.problems.push(`${this.where}: entry "${key}": ${text}`)
  }

  add(key: string, value: unknown): void {
    if (key.startsWith('$')) return
    if (key.trim() === '') {
      this.problem(key, 'empty key; entry dropped')
      return
    }
    const entry = this.entry(key, value)
    if (!entry) return
    const lower = key.trim().toLowerCase()
    if (/[*?]/.test(lower)) {
      this.patterns.push({ regex: globToRegExp(lower), entry })
    } else if (this.exact.has(lower)) {
      this.problem(
        key,
        `duplicates "${this.exact.get(lower)!.key}" (keys are case-insensitive); entry dropped`,
      )
    } else {
      this.exact.set(lower, entry)
    }
  }

  private entry(key: string, value: unknown): CompiledEntry | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(key, `must be an object with prices or an alias (got ${describe(value)}); entry dropped`)
      return undefined
    }
    const fields = value as Record<string, unknown>
    const unknown = Object.keys(fields).filter(
      (f) => f !== 'alias' && !(PRICE_FIELDS as readonly string[]).includes(f),
    )
    if (unknown.length > 0) {
      this.problem(
        key,
        `unknown field ${unknown.map((f) => `"${f}"`).join(', ')}; expected ${PRICE_FIELDS.join(', ')} or alias; entry dropped`,
      )
      return undefined
    }
    if ('alias' in fields) {
      if (Object.keys(fields).length > 1) {
        this.problem(key, 'has both an alias and prices; entry dropped')
        return undefined
      }
      if (typeof fields.alias !== 'string' || fields.alias.trim() === '') {
        this.problem(key, `alias must be a non-empty string (got ${describe(fields.alias)}); entry dropped`)
        return undefined
      }
      return { key, alias: fields.alias.trim().toLowerCase() }
    }
    for (const field of PRICE_FIELDS) {
      const v = fields[field]
      const required = field === 'input' || field === 'output'
      if (v === undefined && !required) continue
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        const got = v === undefined ? 'missing' : `got ${describe(v)}`
        this.problem(
          key,
          `${field} must be a number >= 0 in USD per 1M tokens${field === 'request' ? ' (per call)' : ''} (${got}); entry dropped`,
        )
        return undefined
      }
    }
    const p = fields as Partial<Record<CostPartName, number>>
    const rates: Rates = resolveRates((kind) => p[kind], p.request ?? 0)
    this.checkScale(key, rates)
    return { key, rates }
  }

  /** Warns (keeps the entry) when prices look like they were given per 1K tokens. */
  private checkScale(key: string, rates: Rates): void {
    const known = this.catalogRates(key)
    for (const field of ['input', 'output'] as const) {
      const mine = rates[field]
      const theirs = known?.[field]
      if (mine > 0 && theirs !== undefined && theirs > 0) {
        const ratio = mine / theirs
        if (ratio >= 1 / 2000 && ratio <= 1 / 500) {
          this.problem(
            key,
            `warning: ${field} ${mine} is about 1/1000 of the catalog's ${theirs} per 1M tokens; prices are per 1M tokens, not per 1K`,
          )
          return
        }
        continue
      }
      if (mine > 0 && mine < LOOKS_PER_1K_BELOW) {
        this.problem(
          key,
          `warning: ${field} ${mine} per 1M tokens is cheaper than any known model; prices are per 1M tokens, not per 1K`,
        )
        return
      }
      if (mine > LOOKS_TOO_HIGH_ABOVE) {
        this.problem(
          key,
          `warning: ${field} ${mine} per 1M tokens is dearer than any known model; prices are USD per 1M tokens`,
        )
        return
      }
    }
  }

  private catalogRates(key: string): Rates | undefined {
    if (!this.catalog || /[*?]/.test(key)) return undefined
    const colon = key.indexOf(':')
    if (colon > 0) {
      const viaProvider = this.catalog.rates(key.slice(0, colon), key.slice(colon + 1))
      if (viaProvider) return viaProvider
    }
    return this.catalog.rates(undefined, key)
  }

  /** Warns (keeps the entry) when an alias points at nothing this table or the catalog can find. */
  checkAliasTargets(): void {
    if (!this.catalog) return
    const entries = [...this.exact.values(), ...this.patterns.map((p) => p.entry)]
    for (const entry of entries) {
      const target = entry.alias
      if (target === undefined || this.exact.has(target) || this.patterns.some((p) => p.regex.test(target)))
        continue
      if (this.catalogRates(target)) continue
      this.problem(
        entry.key,
        `warning: alias target "${target}" is not in this table and the catalog does not know it without a provider; it prices only if the call's provider lists it`,
      )
    }
  }

  /** Drops aliases that loop through exact keys back to themselves (every member of the loop). */
  dropAliasCycles(): void {
    const looping = new Map<string, string[]>()
    for (const start of this.exact.keys()) {
      const path: string[] = []
      let at: string | undefined = start
      while (at !== undefined && this.exact.has(at) && !path.includes(at)) {
        path.push(at)
        at = this.exact.get(at)!.alias
      }
      if (at !== undefined && path.includes(at)) {
        const loop = path.slice(path.indexOf(at))
        for (const member of loop) looping.set(member, [...loop, at])
      }
    }
    for (const [member, loop] of looping) {
      this.problem(
        this.exact.get(member)!.key,
        `alias loops back to itself (${loop.join(' -> ')}); entry dropped`,
      )
    }
    for (const member of looping.keys()) this.exact.delete(member)
  }
}

/**
 * Compiles a user price table. `where` names the table in problems (a file path, or `prices option`).
 *
 * @example
 * const { table, problems } = compileUserTable({ 'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 } }, 'prices option')
 */
export function compileUserTable(
  input: unknown,
  where: string,
  catalog?: PriceCatalog,
): { table: CompiledTable; problems: string[] } {
  const compiler = new Compiler(where, catalog)
  if (input !== undefined && input !== null) {
    if (typeof input !== 'object' || Array.isArray(input)) {
      compiler.problems.push(
        `${where}: must be a JSON object of model -> prices (got ${Array.isArray(input) ? 'an array' : describe(input)}); ignored`,
      )
    } else {
      for (const [key, value] of Object.entries(input as UserPriceTable)) compiler.add(key, value)
      compiler.dropAliasCycles()
      compiler.checkAliasTargets()
    }
  }
  return { table: { exact: compiler.exact, patterns: compiler.patterns }, problems: compiler.problems }
}

/** Merges tables: entries of `over` replace same-key entries of `base`; patterns of `over` come first. */
export function mergeTables(base: CompiledTable, over: CompiledTable): CompiledTable {
  return { exact: new Map([...base.exact, ...over.exact]), patterns: [...over.patterns, ...base.patterns] }
}
