/**
 * The standalone scrape server. It serves GET/HEAD on one path, answers anything else 404/405
 * without reading a body, bounds header time so a slow client cannot hold it, never keeps the
 * process alive (`unref`), and when its port is taken logs the cause once and lets the app run.
 *
 * @module
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { log } from '../../internal/diag.js'
import type { MetricsRequestHandler } from './scrape-handler.js'

export interface MetricsServerOptions {
  host: string
  port: number
  endpoint: string
  /** How long a client may take to send its request headers (slow clients are cut off). Default 10 s. */
  headersTimeoutMillis?: number
}

export type { MetricsRequestHandler }

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

/**
 * Routes a request to `handler` when it is a GET/HEAD on `endpoint`; 404/405 otherwise, without
 * reading a body. Access checks are the handler's (`scrape-handler.ts`).
 */
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
  const headersTimeout = options.headersTimeoutMillis ?? 10_000
  // Node checks for expired header timeouts only every connectionsCheckingInterval (30 s by
  // default), which would let a slow client hold a connection far past headersTimeout.
  const server = createServer(
    { connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 2)) },
    routeMetricsRequest(options.endpoint, handler),
  )
  server.headersTimeout = headersTimeout
  server.requestTimeout = Math.max(server.headersTimeout, 30_000)
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
    // A close that comes while the listen is still pending waits for it: closing a server that
    // is not listening yet is a no-op, and the listen would then complete and keep the port.
    close: async () => {
      await listening
      if (!server.listening) return
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
