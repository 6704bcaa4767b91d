/**
 * Cost in USD for LLM calls. Prices come, in this order, from a cost the provider returned with the
 * response, the user's price table (code or a JSON file), and the bundled `@pydantic/genai-prices`
 * catalog. An unknown model has no price: `price()` returns `undefined` and the tracker counts the
 * call as unpriced and warns once per model (src/tracking/call-usage.ts). See docs/pricing.md.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { GenaiPricesCatalog } from './catalog.js'
import { TablePricer } from './pricer.js'
import type { PriceCatalog, Pricer, UserPriceTable } from './types.js'
import { compileUserTable, mergeTables } from './user-table.js'

export type { PriceCatalog, Pricer, UserPriceTable } from './types.js'

export interface PricerOptions {
  /** Prices in code; they win over the file's entries with the same key. */
  prices?: UserPriceTable
  /** A JSON price table (the config reads `LLMETER_PRICES_FILE` into this). */
  pricesFile?: string
  /** The catalog behind the user's table; `false` for none. Default: the bundled `@pydantic/genai-prices`. */
  catalog?: PriceCatalog | false
}

let sharedCatalog: GenaiPricesCatalog | undefined

function readPriceFile(path: string, problems: string[]): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    problems.push(
      `prices file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); ignored`,
    )
    return undefined
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    problems.push(`prices file ${path}: not valid JSON (${(err as Error).message}); ignored`)
    return undefined
  }
}

/**
 * Builds the pricer. Never throws: every problem with the table (a bad entry, a price that looks
 * per-1K, an unreadable file) is returned in `problems` for the caller to log once.
 *
 * @example
 * const { pricer, problems } = createPricer({
 *   prices: { 'azure.ai.openai:prod-chat': { alias: 'openai:gpt-4o' }, 'my-llama': { input: 0.2, output: 0.6 } },
 *   pricesFile: process.env.LLMETER_PRICES_FILE,
 * })
 * pricer.price({ provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, outputTokens: 200 } })?.total
 */
export function createPricer(options: PricerOptions = {}): { pricer: Pricer; problems: string[] } {
  const problems: string[] = []
  let catalog: PriceCatalog | undefined
  if (options.catalog === undefined) {
    sharedCatalog ??= new GenaiPricesCatalog()
    catalog = sharedCatalog
  } else if (options.catalog !== false) {
    catalog = options.catalog
  }
  let table = compileUserTable(undefined, '', catalog).table
  if (options.pricesFile) {
    const fromFile = compileUserTable(
      readPriceFile(options.pricesFile, problems),
      `prices file ${options.pricesFile}`,
      catalog,
    )
    problems.push(...fromFile.problems)
    table = fromFile.table
  }
  if (options.prices !== undefined) {
    const fromCode = compileUserTable(options.prices, 'prices option', catalog)
    problems.push(...fromCode.problems)
    table = mergeTables(table, fromCode.table)
  }
  return { pricer: new TablePricer(table, catalog), problems }
}
