/**
 * The worker side of cluster scraping. In a `node:cluster` worker, every worker listening on the
 * scrape port would share it, and each scrape would reach one random worker. So a worker does not
 * serve `/metrics`; it answers the primary's scrape requests over the cluster IPC channel with its
 * collected metric data (see `wire.ts`), and the primary serves all workers at once (see
 * `primary-aggregator.ts`).
 *
 * @module
 */
import type { Attributes } from '@opentelemetry/api'
import type { CollectionResult } from '@opentelemetry/sdk-metrics'
import { log } from '../internal/diag.js'
import { toWireParts, type WireMetric } from './wire.js'

export const SCRAPE_REQUEST = 'llmeter:scrape'
export const SCRAPE_RESPONSE = 'llmeter:scrape-result'

/** Data points per IPC message: small enough that one message encodes in about a millisecond. */
const POINTS_PER_MESSAGE = 500

export interface ScrapeRequest {
  type: typeof SCRAPE_REQUEST
  id: number
}
/** One part of a worker's answer; the last part has `last: true`. The first carries the resource. */
export interface ScrapeResponse {
  type: typeof SCRAPE_RESPONSE
  id: number
  resource?: Attributes
  metrics: WireMetric[]
  last: boolean
}

/** What a worker collects from: llmeter's Prometheus reader (any MetricReader would do). */
export interface Collector {
  collect(): Promise<CollectionResult>
}

function send(message: ScrapeResponse): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      // Waiting for each message's callback keeps at most one part queued on the channel.
      const sent = process.send?.(message, undefined, {}, (err: Error | null) => {
        if (err) log.debug('could not send a scrape part to the primary', err)
        resolve(!err)
      })
      if (sent === undefined) resolve(false)
    } catch (err) {
      log.debug('could not send a scrape part to the primary', err)
      resolve(false)
    }
  })
}

async function answer(reader: Collector, id: number): Promise<void> {
  const { resourceMetrics, errors } = await reader.collect()
  if (errors.length > 0) log.debug('worker metrics collection reported errors', ...errors)
  // One part ahead, so the part that is sent knows whether it is the last.
  const parts = toWireParts(resourceMetrics, POINTS_PER_MESSAGE)
  let next = parts.next()
  let resource: Attributes | undefined = resourceMetrics.resource.attributes
  for (;;) {
    const metrics = next.done ? [] : next.value
    next = next.done ? next : parts.next()
    const message: ScrapeResponse = { type: SCRAPE_RESPONSE, id, metrics, last: next.done === true }
    if (resource !== undefined) message.resource = resource
    resource = undefined
    if (!(await send(message)) || message.last) return
  }
}

/** Answers the primary's scrape requests; returns a function that stops answering. */
export function answerPrimaryScrapes(reader: Collector): () => void {
  const onMessage = (message: unknown) => {
    const request = message as ScrapeRequest | undefined
    if (request?.type !== SCRAPE_REQUEST || typeof process.send !== 'function') return
    answer(reader, request.id).catch((err) => log.debug('worker scrape failed', err))
  }
  process.on('message', onMessage)
  return () => process.off('message', onMessage)
}
