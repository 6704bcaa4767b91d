/**
 * The Prometheus pull reader: the stock `PrometheusExporter` (a MetricReader with cumulative
 * temporality), never starting its own server, answering scrapes through our serializer with the
 * spec's names and a versioned Content-Type. Serving is done by `scrape-handler.ts`, mounted by
 * `server.ts` or by the app through `metricsHandler()`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { log } from '../../internal/diag.js'
import { createScrapeHandler, type MetricsRequestHandler } from './scrape-handler.js'
import { serializeSliced } from './shared-exposition.js'

export class LlmeterPrometheusReader extends PrometheusExporter {
  private lastCollectAt = 0
  private defaultHandler: MetricsRequestHandler | undefined

  constructor() {
    super({ preventServerStart: true })
  }

  override collect(
    options?: Parameters<PrometheusExporter['collect']>[0],
  ): ReturnType<PrometheusExporter['collect']> {
    this.lastCollectAt = performance.now()
    return super.collect(options)
  }

  /**
   * Collects and discards when nothing scraped for `idleMs`. With a View shared by several readers,
   * the SDK keeps a copy of every other reader's collection for this one until it collects
   * (opentelemetry-js PR #6444): an endpoint nobody scrapes, next to an OTLP push, grows the heap
   * with every push. Draining it bounds that copy to one interval.
   */
  async drainIfIdle(idleMs: number): Promise<void> {
    if (performance.now() - this.lastCollectAt < idleMs) return
    try {
      await this.collect()
    } catch (err) {
      log.debug('draining the idle Prometheus reader failed', err)
    }
  }

  /**
   * Collects this process's metrics and serializes them in slices of at most ~8 ms, handing each
   * chunk to `write` and yielding to the event loop between slices. Resolves false when
   * collection failed (after writing a comment). Never rejects.
   */
  async scrapeInto(write: (piece: string) => Promise<void> | void): Promise<boolean> {
    try {
      const { resourceMetrics, errors } = await this.collect()
      if (errors.length > 0) log.error('metrics collection reported errors', ...errors)
      await serializeSliced({ resourceMetrics, extraTargets: [] }, write)
      return true
    } catch (err) {
      log.error('metrics collection failed', err)
      await write('# llmeter: metrics collection failed\n')
      return false
    }
  }

  /** The exposition text for one scrape, as one string. */
  async scrape(): Promise<string> {
    const pieces: string[] = []
    await this.scrapeInto((piece) => {
      pieces.push(piece)
    })
    return pieces.join('')
  }

  /**
   * Answers a scrape on `response` through the shared scrape handler with default options (no
   * access checks; the standalone server and `metricsHandler()` pass the configured ones).
   */
  override getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void {
    this.defaultHandler ??= createScrapeHandler(this)
    this.defaultHandler(request, response)
  }
}
