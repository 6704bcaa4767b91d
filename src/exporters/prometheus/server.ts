/**
 * The standalone scrape server. It serves GET/HEAD on one path, answers anything else 404/405
 * without reading a body, bounds header time so a slow client cannot hold it, never keeps the
 * process alive (`unref`), and when its port is taken logs the cause once and lets the app run.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { log } from '../../internal/diag.js'

export interface MetricsServerOptions {
  host: string
  port: number
  endpoint: string
}

export type MetricsRequestHandler = (request: IncomingMessage, response: ServerResponse) => void

export interface MetricsServer {
  readonly server: Server
  /** Resolves with the bound port, or `undefined` if the server could not listen. */
  readonly listening: Promise<number | undefined>
  close(): Promise<void>
}

function pathOf(url: string | undefined): string {
  if (!url) return '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** Routes a request to `handler` when it is a GET/HEAD on `endpoint`; 404/405 otherwise. */
export function routeMetricsRequest(endpoint: string, handler: MetricsRequestHandler): MetricsRequestHandler {
  return (request, response) => {
    if (pathOf(request.url) !== endpoint) {
      response.statusCode = 404
      response.end()
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.statusCode = 405
      response.setHeader('allow', 'GET, HEAD')
      response.setHeader('connection', 'close')
      response.end()
      return
    }
    handler(request, response)
  }
}

/** Starts the scrape server. Never throws; a listen failure is logged once. */
export function startMetricsServer(
  options: MetricsServerOptions,
  handler: MetricsRequestHandler,
): MetricsServer {
  const server = createServer(routeMetricsRequest(options.endpoint, handler))
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  server.keepAliveTimeout = 5_000
  server.unref()
  const listening = new Promise<number | undefined>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      log.error(
        `cannot serve /metrics on ${options.host}:${options.port} (${err.code ?? err.message}); the app runs on without the scrape endpoint`,
      )
      resolve(undefined)
    })
    server.listen({ host: options.host, port: options.port }, () => {
      const port = (server.address() as AddressInfo).port
      log.debug(`serving metrics at http://${options.host}:${port}${options.endpoint}`)
      resolve(port)
    })
  })
  return {
    server,
    listening,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
