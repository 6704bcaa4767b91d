/**
 * The scrape handler that knows about `node:cluster`: in a primary with live workers it serves the
 * aggregated exposition of the cluster; otherwise it is the reader's own streaming handler.
 *
 * @module
 */
import cluster from 'node:cluster'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LlmeterPrometheusReader } from '../exporters/prometheus/reader.js'
import { CONTENT_TYPE } from '../exporters/prometheus/serializer.js'
import { log } from '../internal/diag.js'
import { scrapeCluster } from './primary-aggregator.js'

function hasWorkers(): boolean {
  return cluster.isPrimary && Object.keys(cluster.workers ?? {}).length > 0
}

export function clusterAwareHandler(
  reader: LlmeterPrometheusReader,
  workerTimeoutMillis: number,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (!hasWorkers()) {
      reader.getMetricsRequestHandler(request, response)
      return
    }
    reader
      .scrape()
      .then((own) => scrapeCluster(own, workerTimeoutMillis))
      .then(
        (body) => {
          if (response.destroyed) return
          response.statusCode = 200
          response.setHeader('content-type', CONTENT_TYPE)
          response.end(request.method === 'HEAD' ? undefined : body)
        },
        (err) => {
          log.error('cluster scrape failed', err)
          response.destroy()
        },
      )
  }
}
