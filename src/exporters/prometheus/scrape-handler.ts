/**
 * The one scrape handler, used by the standalone server and by `metricsHandler()` alike. Per
 * request it checks access, then serves the exposition of the process (or, in a `node:cluster`
 * primary with workers, of the whole cluster) so that it cannot hurt the host:
 *
 * - concurrent scrapes share one collection (see `shared-exposition.ts`);
 * - at most `maxConcurrentScrapes` responses are in progress at once; beyond that the answer is
 *   `503` with `Retry-After: 1` at once, without collecting (a queue would hold sockets and memory
 *   for clients that Prometheus will time out anyway);
 * - a response that is not finished within `scrapeTimeoutMillis` has its socket destroyed, so a
 *   client that asks and never reads cannot hold the exposition forever;
 * - chunks are written only when the client's socket has drained.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { collectForScrape, type ScrapeInput } from '../../cluster/primary-aggregator.js'
import type { Collector } from '../../cluster/worker-bridge.js'
import type { ResolvedConfig } from '../../config.js'
import { log } from '../../internal/diag.js'
import { type AccessOptions, createAccessCheck, guardAccess } from './access.js'
import { CONTENT_TYPE } from './serializer.js'
import { coalesceCollections, type SharedExposition } from './shared-exposition.js'
import { streamExposition } from './stream-response.js'

export type MetricsRequestHandler = (request: IncomingMessage, response: ServerResponse) => void

export interface ScrapeHandlerOptions extends AccessOptions {
  /** Longest time one response may take before its socket is destroyed. Default 30000 ms. */
  scrapeTimeoutMillis?: number
  /** Responses in progress at once; more get 503 with Retry-After. Default 10. */
  maxConcurrentScrapes?: number
  /** In a cluster primary, how long a collection waits for each worker. Default 2000 ms. */
  clusterWorkerTimeoutMillis?: number
}

export const DEFAULT_SCRAPE_TIMEOUT_MILLIS = 30_000
export const DEFAULT_MAX_CONCURRENT_SCRAPES = 10

export interface ReaderState {
  inFlight: number
  exposition: (collect: () => Promise<ScrapeInput>) => SharedExposition
}

// One running collection and one concurrency count per reader, however many handlers are made
// for it: `metricsHandler()` may be called once per request. Weak, so a dropped reader is freed.
const states = new WeakMap<Collector, ReaderState>()

/** The shared collection and concurrency count of `reader`, for every handler serving it. */
export function stateOf(reader: Collector): ReaderState {
  let state = states.get(reader)
  if (state === undefined) {
    state = { inFlight: 0, exposition: coalesceCollections() }
    states.set(reader, state)
  }
  return state
}

function refuseBusy(response: ServerResponse): void {
  response.statusCode = 503
  response.setHeader('retry-after', '1')
  response.setHeader('connection', 'close')
  response.setHeader('content-type', CONTENT_TYPE)
  response.end('# llmeter: too many concurrent scrapes\n')
}

/**
 * Builds the scrape handler for `reader`: access checks, cluster awareness, one shared
 * collection for concurrent scrapes, a bound on responses in progress and on their duration,
 * and streaming with back-pressure. Routing (path, method) is the caller's. Never throws.
 *
 * @example
 * http.createServer(createScrapeHandler(reader, { bearerToken: 's3cret' }))
 */
export function createScrapeHandler(
  reader: Collector,
  options: ScrapeHandlerOptions = {},
): MetricsRequestHandler {
  const check = createAccessCheck(options)
  const timeoutMs = options.scrapeTimeoutMillis ?? DEFAULT_SCRAPE_TIMEOUT_MILLIS
  const maxInFlight = options.maxConcurrentScrapes ?? DEFAULT_MAX_CONCURRENT_SCRAPES
  const workerTimeout = options.clusterWorkerTimeoutMillis ?? 2_000
  const state = stateOf(reader)
  const collect = () => collectForScrape(reader, workerTimeout)
  return (request, response) => {
    try {
      if (!guardAccess(check, request, response)) return
      if (request.method === 'HEAD') {
        response.statusCode = 200
        response.setHeader('content-type', CONTENT_TYPE)
        response.end()
        return
      }
      if (state.inFlight >= maxInFlight) return refuseBusy(response)
      state.inFlight++
      const timer = setTimeout(() => {
        log.debug(`a scrape took longer than ${timeoutMs} ms; its connection is closed`)
        response.destroy()
      }, timeoutMs)
      timer.unref()
      response.once('close', () => {
        clearTimeout(timer)
        state.inFlight--
      })
      void streamExposition(response, state.exposition(collect))
    } catch (err) {
      log.error('the scrape handler failed', err)
      response.destroy()
    }
  }
}

/** The scrape handler with the options of a resolved configuration. */
export function scrapeHandlerFor(reader: Collector, config: ResolvedConfig): MetricsRequestHandler {
  return createScrapeHandler(reader, {
    ...config.prometheus,
    clusterWorkerTimeoutMillis: config.clusterWorkerTimeoutMillis,
  })
}
