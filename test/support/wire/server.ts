/**
 * The plumbing of the provider wire-format servers used by the Mistral and Cohere tests: an HTTP
 * server on 127.0.0.1, port 0, that routes `POST path` to a handler with the parsed JSON body and
 * the test's scenario (`x-test-scenario` header), counts attempts per `x-test-key` (so a fault can
 * hit the first attempt only), and writes JSON, SSE events, or a stream cut mid-way.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WireRequest {
  body: Record<string, any>
  /** `x-test-scenario`, default `ok`. */
  scenario: string
  /** 1 for the first request with this `x-test-key`, 2 for the retry, ... */
  attempt: number
  headers: IncomingMessage['headers']
}

export type Route = (req: WireRequest, res: ServerResponse) => unknown

export interface WireServer {
  url: string
  port: number
  /** Requests received per path, attempts included. */
  hits(path: string): number
  close(): Promise<void>
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Starts an SSE response; `write` sends one event (optionally named), `end` finishes it. */
export function sse(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  return {
    write(data: unknown, event?: string) {
      const payload = typeof data === 'string' ? data : JSON.stringify(data)
      res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`)
    },
    end: () => res.end(),
    /** Closes the connection after what was written, without ending the body: a cut stream. */
    cut: () => res.socket?.end(),
    /** Keeps the stream open until the client goes away (an abandoned stream), then ends it. */
    hold: () => res.once('close', () => res.end()),
  }
}

export async function startWireServer(routes: Record<string, Route>): Promise<WireServer> {
  const attempts = new Map<string, number>()
  const hits = new Map<string, number>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!
      hits.set(path, (hits.get(path) ?? 0) + 1)
      const route = req.method === 'POST' ? routes[path] : undefined
      if (!route) return sendJson(res, 404, { message: `no route ${req.method} ${path}` })
      const key = String(req.headers['x-test-key'] ?? '')
      const attempt = (attempts.get(key) ?? 0) + 1
      if (key) attempts.set(key, attempt)
      let body: Record<string, any> = {}
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
      } catch {
        return sendJson(res, 400, { message: 'invalid JSON' })
      }
      const scenario = String(req.headers['x-test-scenario'] ?? 'ok')
      Promise.resolve(route({ body, scenario, attempt, headers: req.headers }, res)).catch(() =>
        res.socket?.destroy(),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
