/**
 * The Prometheus pull reader: the stock `PrometheusExporter` (a MetricReader with cumulative
 * temporality), never starting its own server, answering scrapes through our serializer with the
 * spec's names and a versioned Content-Type. Serving is done by `server.ts` or by the app mounting
 * `metricsHandler()`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { log } from '../../internal/diag.js'
import { CONTENT_TYPE, serializePieces } from './serializer.js'

/** Data points serialized between two checks of the clock. */
const POINTS_PER_PIECE = 256
/** Longest stretch of serialization before yielding to the event loop. */
const SLICE_MS = 8

export class LlmeterPrometheusReader extends PrometheusExporter {
  private lastCollectAt = 0

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
   * Collects and serializes in slices of at most ~8 ms, handing each piece to `write` and yielding
   * to the event loop between slices, so a large scrape does not stall the app's requests.
   * Resolves false when collection failed (after writing a comment). Never rejects.
   */
  async scrapeInto(write: (piece: string) => Promise<void> | void): Promise<boolean> {
    try {
      const { resourceMetrics, errors } = await this.collect()
      if (errors.length > 0) log.error('metrics collection reported errors', ...errors)
      let sliceStart = performance.now()
      for (const piece of serializePieces(resourceMetrics, POINTS_PER_PIECE)) {
        await write(piece)
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn()
          sliceStart = performance.now()
        }
      }
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
   * Answers a scrape on `response`, streaming the body as it is produced (chunked transfer) and
   * honouring back-pressure; `HEAD` gets the headers only.
   */
  override getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void {
    response.statusCode = 200
    response.setHeader('content-type', CONTENT_TYPE)
    if (request.method === 'HEAD') {
      response.end()
      return
    }
    const write = (piece: string): Promise<void> | undefined => {
      if (response.destroyed || response.write(piece)) return undefined
      return new Promise<void>((resolve) => {
        response.once('drain', resolve)
        response.once('close', resolve)
      })
    }
    this.scrapeInto(write).then(
      () => {
        if (!response.destroyed) response.end()
      },
      () => response.destroy(),
    )
  }
}
