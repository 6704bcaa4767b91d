/**
 * A tiny HTTP server on 127.0.0.1 (port 0) that answers every POST with a canned provider reply:
 * one JSON body, or server-sent events, exactly as the provider's API reference shows them. It
 * records each request body so tests can check what the client sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Reply =
  | { json: unknown }
  /** SSE events: `event` (optional name) and `data` (serialized as JSON). */
  | { events: { event?: string; data: unknown }[]; done?: boolean }

export interface WireServer {
  readonly url: string
  /** Parsed JSON bodies of the requests received, in order. */
  readonly bodies: unknown[]
  close(): Promise<void>
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, reply: Reply): void {
  if ('json' in reply) {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(reply.json))
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (const { event, data } of reply.events) {
    res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
  }
  if (reply.done) res.write('data: [DONE]\n\n')
  res.end()
}

/** Starts a server answering with `reply(body)` for the parsed JSON body of each request. */
export async function startWireServer(reply: (body: any) => Reply): Promise<WireServer> {
  const bodies: unknown[] = []
  const server = createServer(async (req, res) => {
    const text = await read(req)
    const body = text === '' ? undefined : JSON.parse(text)
    bodies.push(body)
    send(res, reply(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
