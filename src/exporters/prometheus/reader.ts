/**
 * The Prometheus pull reader: the stock `PrometheusExporter` (a MetricReader with cumulative
 * temporality), never starting its own server, answering scrapes through our serializer with the
 * spec's names and a versioned Content-Type. Serving is done by `server.ts` or by the app mounting
 * `metricsHandler()`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { log } from '../../internal/diag.js'
import { CONTENT_TYPE, serialize } from './serializer.js'

export class LlmeterPrometheusReader extends PrometheusExporter {
  constructor() {
    super({ preventServerStart: true })
  }

  /** The exposition text for one scrape. Never rejects: a failed collection yields a comment. */
  async scrape(): Promise<string> {
    try {
      const { resourceMetrics, errors } = await this.collect()
      if (errors.length > 0) log.error('metrics collection reported errors', ...errors)
      return serialize(resourceMetrics)
    } catch (err) {
      log.error('metrics collection failed', err)
      return '# llmeter: metrics collection failed\n'
    }
  }

  /** Answers a scrape on `response`; `HEAD` gets the headers only. */
  override getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void {
    this.scrape().then(
      (body) => {
        if (response.destroyed) return
        response.statusCode = 200
        response.setHeader('content-type', CONTENT_TYPE)
        response.setHeader('content-length', Buffer.byteLength(body))
        response.end(request.method === 'HEAD' ? undefined : body)
      },
      () => {},
    )
  }
}
