/**
 * A local server speaking the Bedrock Runtime wire format, from AWS's public API reference:
 * `POST /model/{modelId}/converse`, `/converse-stream`, `/invoke` and `/invoke-with-response-stream`,
 * JSON bodies, errors as a status with `x-amzn-ErrorType` and a JSON `message`, and streams in the
 * binary event-stream framing (bedrock-event-stream.ts). Tests queue the replies; each request takes
 * the next one, so an SDK retry gets the reply queued after the failure. It speaks HTTP/2 without
 * TLS (prior knowledge), as the client's default request handler does for an `http://` endpoint.
 */
import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import { chunkFrame, eventFrame } from './bedrock-event-stream.js'

export type BedrockReply =
  | { status: number; json?: unknown; headers?: Record<string, string>; errorType?: string }
  | {
      /** Event-stream frames written in order. */
      frames: Buffer[]
      /** Drops the connection after the frames instead of ending the response. */
      cut?: boolean
      headers?: Record<string, string>
    }

export interface SeenRequest {
  action: string
  modelId: string
  body: unknown
}

export interface BedrockServer {
  url: string
  port: number
  readonly requests: SeenRequest[]
  /** Queues replies for the next requests. */
  reply(...replies: BedrockReply[]): void
  close(): Promise<void>
}

const ROUTE = /^\/model\/([^/]+)\/([a-z-]+)$/

function send(res: Http2ServerResponse, reply: BedrockReply): void {
  if ('frames' in reply) {
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': 'req-1',
      ...reply.headers,
    })
    for (const frame of reply.frames) res.write(frame)
    if (reply.cut) setImmediate(() => res.stream.session?.socket.destroy())
    else res.end()
    return
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': 'req-1',
    ...reply.headers,
  }
  if (reply.errorType)
    headers['x-amzn-errortype'] = `${reply.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`
  res.writeHead(reply.status, headers)
  res.end(JSON.stringify(reply.json ?? (reply.errorType ? { message: 'simulated failure' } : {})))
}

export async function startBedrockServer(): Promise<BedrockServer> {
  const queue: BedrockReply[] = []
  const requests: SeenRequest[] = []
  const sessions = new Set<Http2Session>()
  const server = createServer((req: Http2ServerRequest, res: Http2ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const match = req.method === 'POST' ? ROUTE.exec(req.url ?? '') : null
      if (!match) {
        send(res, { status: 404, errorType: 'UnknownOperationException' })
        return
      }
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = text
      }
      requests.push({ action: match[2]!, modelId: decodeURIComponent(match[1]!), body })
      const reply = queue.shift()
      send(res, reply ?? { status: 500, errorType: 'InternalServerException' })
    })
  })
  const sockets = new Set<Socket>()
  server.on('session', (session) => {
    sessions.add(session)
    session.on('close', () => sessions.delete(session))
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy()
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

type ConverseUsage = {
  inputTokens: number
  outputTokens: number
  cacheReadInputTokens?: number
  cacheWriteInputTokens?: number
}

const withTotal = (usage: ConverseUsage) => ({
  ...usage,
  totalTokens:
    usage.inputTokens +
    usage.outputTokens +
    (usage.cacheReadInputTokens ?? 0) +
    (usage.cacheWriteInputTokens ?? 0),
})

/** A Converse response. */
export function converseReply(usage: ConverseUsage, text = 'Hello there.'): BedrockReply {
  return {
    status: 200,
    json: {
      output: { message: { role: 'assistant', content: [{ text }] } },
      stopReason: 'end_turn',
      usage: withTotal(usage),
      metrics: { latencyMs: 321 },
    },
  }
}

/** The frames of a ConverseStream response: usage only in the last (`metadata`) event. */
export function converseStreamFrames(usage: ConverseUsage | undefined, deltas: string[]): Buffer[] {
  const frames = [
    eventFrame('messageStart', { role: 'assistant' }),
    ...deltas.map((text) => eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } })),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: 'end_turn' }),
  ]
  if (usage) frames.push(eventFrame('metadata', { usage: withTotal(usage), metrics: { latencyMs: 210 } }))
  return frames
}

/** An InvokeModel response: the model's own JSON body, with Bedrock's token-count headers if given. */
export function invokeReply(body: unknown, counts?: { input: number; output: number }): BedrockReply {
  const headers: Record<string, string> = { 'x-amzn-bedrock-invocation-latency': '250' }
  if (counts) {
    headers['x-amzn-bedrock-input-token-count'] = String(counts.input)
    headers['x-amzn-bedrock-output-token-count'] = String(counts.output)
  }
  return { status: 200, json: body, headers }
}

/** InvokeModelWithResponseStream frames: each model event a `chunk`; the metrics go in the last one. */
export function invokeStreamFrames(
  events: Record<string, unknown>[],
  metrics?: Record<string, number>,
): Buffer[] {
  return events.map((event, i) =>
    chunkFrame(
      i === events.length - 1 && metrics ? { ...event, 'amazon-bedrock-invocationMetrics': metrics } : event,
    ),
  )
}
