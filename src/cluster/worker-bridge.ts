/**
 * The worker side of cluster scraping. In a `node:cluster` worker, every worker listening on the
 * scrape port would share it, and each scrape would reach one random worker. So a worker does not
 * serve `/metrics`; it answers the primary's scrape requests over the cluster IPC channel with its
 * own exposition text, and the primary serves all workers at once (see `primary-aggregator.ts`).
 *
 * @module
 */
import type { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { log } from '../internal/diag.js'

export const SCRAPE_REQUEST = 'llmeter:scrape'
export const SCRAPE_RESPONSE = 'llmeter:scrape-result'

export interface ScrapeRequest {
  type: typeof SCRAPE_REQUEST
  id: number
}
export interface ScrapeResponse {
  type: typeof SCRAPE_RESPONSE
  id: number
  body: string
}

/** Answers the primary's scrape requests; returns a function that stops answering. */
export function answerPrimaryScrapes(reader: LlmeterPrometheusReader): () => void {
  const onMessage = (message: unknown) => {
    const request = message as ScrapeRequest | undefined
    if (request?.type !== SCRAPE_REQUEST || typeof process.send !== 'function') return
    reader.scrape().then(
      (body) => {
        const response: ScrapeResponse = { type: SCRAPE_RESPONSE, id: request.id, body }
        process.send?.(response, undefined, {}, (err: Error | null) => {
          if (err) log.debug('could not send the scrape to the primary', err)
        })
      },
      (err) => log.debug('worker scrape failed', err),
    )
  }
  process.on('message', onMessage)
  return () => process.off('message', onMessage)
}
