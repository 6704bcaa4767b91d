/**
 * Where the Cohere SDK's HTTP attempts can be seen: it sends every attempt, the ones its retry
 * loop repeats included (up to `maxRetries`, default 2, on 408, 429 and 5xx), through the V2
 * client's `fetch` option, else the global `fetch`. llmeter gives the options a `fetch` when they
 * have none (one that calls the global `fetch`, looked up per request, as the SDK would), so the
 * shared fetch hook (attempt-hook.ts) can credit each attempt to the call in the same async context.
 *
 * @module
 */

type Fetch = (url: unknown, init?: unknown) => Promise<unknown>

/** The V2 client's options, with a `fetch` the attempt hook can wrap; undefined when it has none. */
export function cohereFetchOwner(v2: unknown): unknown {
  const options = (v2 as { _options?: { fetch?: Fetch } } | undefined)?._options
  if (!options || typeof options !== 'object') return undefined
  if (typeof options.fetch !== 'function') {
    options.fetch = (url, init) => (globalThis.fetch as Fetch)(url, init)
  }
  return options
}
