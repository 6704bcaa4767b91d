/**
 * The scrape as a Web `Request -> Response` handler, for route handlers that speak the Fetch API
 * (Next.js App Router, and other frameworks built on it) instead of Node's `(req, res)`. It shares
 * the Node handler's collection and bounds (scrape-handler.ts): concurrent scrapes of one reader
 * share one collection, at most `maxConcurrentScrapes` are answered at once, and a body not read
 * within `scrapeTimeoutMillis` is cut off. A Web `Request` does not carry the client's address, so
 * with an allow-list (`allowFrom`) every request is refused; bearer and basic auth work as usual.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import { collectForScrape } from '../../cluster/primary-aggregator.js'
import type { Collector } from '../../cluster/worker-bridge.js'
import { log } from '../../internal/diag.js'
import { createAccessCheck } from './access.js'
import {
  DEFAULT_MAX_CONCURRENT_SCRAPES,
  DEFAULT_SCRAPE_TIMEOUT_MILLIS,
  type ScrapeHandlerOptions,
  stateOf,
} from './scrape-handler.js'
import { CONTENT_TYPE } from './serializer.js'
import type { SharedExposition } from './shared-exposition.js'

export type WebMetricsHandler = (request: Request) => Promise<Response>

/** The parts of a Node request the access check reads, from a Web request (no client address). */
function accessView(request: Request): IncomingMessage {
  return {
    headers: { authorization: request.headers.get('authorization') ?? undefined },
    socket: { remoteAddress: undefined },
  } as unknown as IncomingMessage
}

/** A body reading the shared exposition chunk by chunk, as the client pulls. */
function bodyOf(
  exposition: SharedExposition,
  release: () => void,
  timeoutMs: number,
): ReadableStream<Uint8Array> {
  let next = 0
  let timer: NodeJS.Timeout | undefined
  const finish = () => {
    if (timer === undefined) return
    clearTimeout(timer)
    timer = undefined
    release()
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => {
        log.debug(`a scrape took longer than ${timeoutMs} ms; its body is cut off`)
        finish()
        controller.error(new Error('llmeter: scrape timed out'))
      }, timeoutMs)
      timer.unref()
    },
    async pull(controller) {
      let waiting = exposition.whenAvailable(next)
      while (waiting) {
        await waiting
        waiting = exposition.whenAvailable(next)
      }
      if (timer === undefined) return
      const chunk = exposition.chunks[next]
      if (chunk !== undefined) {
        next++
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        return
      }
      finish()
      if (exposition.state === 'failed') controller.error(new Error('llmeter: metrics collection failed'))
      else controller.close()
    },
    cancel: finish,
  })
}

/** Builds the Web scrape handler for `reader`. Never rejects. */
export function createWebScrapeHandler(
  reader: Collector,
  options: ScrapeHandlerOptions = {},
): WebMetricsHandler {
  const check = createAccessCheck(options)
  const timeoutMs = options.scrapeTimeoutMillis ?? DEFAULT_SCRAPE_TIMEOUT_MILLIS
  const maxInFlight = options.maxConcurrentScrapes ?? DEFAULT_MAX_CONCURRENT_SCRAPES
  const workerTimeout = options.clusterWorkerTimeoutMillis ?? 2_000
  const state = stateOf(reader)
  const collect = () => collectForScrape(reader, workerTimeout)
  return async (request) => {
    try {
      const verdict = check(accessView(request))
      if (verdict !== 'ok') {
        const headers: Record<string, string> =
          verdict === 'unauthorized' ? { 'www-authenticate': 'Bearer, Basic realm="metrics"' } : {}
        return new Response(null, { status: verdict === 'forbidden' ? 403 : 401, headers })
      }
      const headers = { 'content-type': CONTENT_TYPE }
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers })
      if (state.inFlight >= maxInFlight) {
        return new Response('# llmeter: too many concurrent scrapes\n', {
          status: 503,
          headers: { ...headers, 'retry-after': '1' },
        })
      }
      state.inFlight++
      const exposition = state.exposition(collect)
      // A collection that fails before the first chunk is a 500, as from the Node handler.
      while (exposition.chunks.length === 0 && exposition.state === 'running')
        await exposition.whenAvailable(0)
      if (exposition.state === 'failed' && exposition.chunks.length === 0) {
        state.inFlight--
        return new Response('# llmeter: metrics collection failed\n', { status: 500, headers })
      }
      return new Response(
        bodyOf(exposition, () => state.inFlight--, timeoutMs),
        { status: 200, headers },
      )
    } catch (err) {
      log.error('the scrape handler failed', err)
      return new Response(null, { status: 500 })
    }
  }
}
