/**
 * A loopback server that speaks the Gemini REST wire format (the public API reference of
 * `generativelanguage.googleapis.com` and of Vertex AI's `publishers/google/models`) well enough
 * for the real `@google/genai` client pointed at it with `httpOptions.baseUrl`:
 *
 *   POST /{version}/models/{model}:generateContent                  JSON
 *   POST /{version}/models/{model}:streamGenerateContent?alt=sse    SSE `data: {...}` events
 *   POST /{version}/models/{model}:batchEmbedContents               Gemini API embeddings
 *   POST /{version}/models/{model}:embedContent                     one embedding
 *   POST /{version}[/projects/{p}/locations/{l}]/publishers/google/models/{model}:{method}
 *        Vertex AI (project path, or express mode without it), with `:predict` for embeddings
 *
 * Streams carry usage only in their last event (with the finish reason), as Gemini does. Errors
 * use Google's envelope `{"error": {"code", "message", "status"}}`. Request headers (sent through
 * the SDK's `httpOptions.headers`) choose the answer:
 *   x-test-usage      JSON `usageMetadata` of the answer (default {@link DEFAULT_USAGE})
 *   x-test-chunks     events in a stream (default 3)
 *   x-test-fault      401 | 429 | 500 | 503 | stream_error | cut_stream | hang | stall_stream
 *                     stream_error: one content event, then an error event (status 500) and the end;
 *                     cut_stream: one content event, then the connection drops;
 *                     hang: no answer until the client gives up (or close());
 *                     stall_stream: one content event, then nothing until the client gives up
 *   x-test-fault-attempts  K: apply the fault only to the first K requests with the same x-test-id
 *   x-test-id         groups the attempts of one call (the SDK sends no retry counter)
 *   x-test-function-call  NAME: a `generateContent` whose contents hold no function response is
 *                     answered with a call of function NAME ({@link FUNCTION_CALL_USAGE})
 * A 429 carries `retry-after: 1` and a RetryInfo detail, which the SDK does not read.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const DEFAULT_USAGE = {
  promptTokenCount: 100,
  cachedContentTokenCount: 30,
  candidatesTokenCount: 20,
  thoughtsTokenCount: 15,
  toolUsePromptTokenCount: 5,
  totalTokenCount: 140,
}

/** The usage of a function-call turn. */
export const FUNCTION_CALL_USAGE = { promptTokenCount: 50, candidatesTokenCount: 5, totalTokenCount: 55 }

const ROUTE =
  /^\/[^/]+\/(?:projects\/([^/]+)\/locations\/([^/]+)\/)?(?:publishers\/google\/)?models\/([^/:]+):(\w+)$/

export interface GeminiRequest {
  method: string
  path: string
  model: string
  vertex: boolean
  project?: string
  apiKey?: string
  authorization?: string
  /** The request's x-test-id. */
  id?: string
}

export interface GeminiServer {
  url: string
  port: number
  /** Every request received, in order. */
  requests: GeminiRequest[]
  close(): Promise<void>
}

const STATUS_NAMES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  404: 'NOT_FOUND',
}

const MESSAGES: Record<number, string> = {
  401: 'API key not valid. Please pass a valid API key.',
  429: 'Resource has been exhausted (e.g. check quota).',
}

function sendError(res: ServerResponse, code: number): void {
  const body = {
    error: {
      code,
      message: MESSAGES[code] ?? 'Internal error.',
      status: STATUS_NAMES[code] ?? 'UNKNOWN',
      ...(code === 429
        ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }] }
        : {}),
    },
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' }
  if (code === 429) headers['retry-after'] = '1'
  res.writeHead(code, headers).end(JSON.stringify(body))
}

const candidate = (text: string, finish?: string) => ({
  content: { role: 'model', parts: [{ text }] },
  ...(finish ? { finishReason: finish } : {}),
  index: 0,
})

function answer(res: ServerResponse, model: string, method: string, headers: IncomingMessage['headers']) {
  const usage = headers['x-test-usage'] ? JSON.parse(String(headers['x-test-usage'])) : DEFAULT_USAGE
  const json = (body: unknown) =>
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body))
  if (method === 'generateContent') {
    return json({
      candidates: [candidate('Hello there.', 'STOP')],
      usageMetadata: usage,
      modelVersion: model,
      responseId: 'resp-1',
    })
  }
  if (method === 'batchEmbedContents') return json({ embeddings: [{ values: [0.1, 0.2, 0.3] }] })
  if (method === 'embedContent') return json({ embedding: { values: [0.1, 0.2, 0.3] } })
  if (method === 'predict') {
    return json({
      predictions: [{ embeddings: { values: [0.1, 0.2], statistics: { token_count: 7, truncated: false } } }],
      metadata: { billableCharacterCount: 24 },
    })
  }
  if (method !== 'streamGenerateContent') return sendError(res, 404)
  const fault = headers['x-test-fault']
  const chunks = Number(headers['x-test-chunks'] ?? 3)
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  const event = (body: unknown, then?: () => void) => res.write(`data: ${JSON.stringify(body)}\r\n\r\n`, then)
  const part = (i: number) => ({
    candidates: [candidate(`part ${i} `)],
    modelVersion: model,
    responseId: 'r',
  })
  if (fault === 'stall_stream') return event(part(0))
  if (fault === 'stream_error' || fault === 'cut_stream') {
    // The cut comes once the first event has left, so the client has the head and one event.
    if (fault === 'cut_stream') return event(part(0), () => res.socket?.destroy())
    event(part(0))
    event({ error: { code: 500, message: 'Internal error.', status: 'INTERNAL' } })
    return res.end()
  }
  for (let i = 0; i < chunks - 1; i++) event(part(i))
  event({
    candidates: [candidate('end.', 'STOP')],
    usageMetadata: usage,
    modelVersion: model,
    responseId: 'r',
  })
  res.end()
}

/** A turn that asks the caller to run function `name` (automatic function calling's first turn). */
function callFunction(res: ServerResponse, model: string, name: string): void {
  const body = {
    candidates: [
      { content: { role: 'model', parts: [{ functionCall: { name, args: {} } }] }, finishReason: 'STOP' },
    ],
    usageMetadata: FUNCTION_CALL_USAGE,
    modelVersion: model,
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body))
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startGeminiServer(): Promise<GeminiServer> {
  const requests: GeminiRequest[] = []
  const attempts = new Map<string, number>()
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d: string) => {
      body += d
    })
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const m = ROUTE.exec(url.pathname)
      if (req.method !== 'POST' || !m) return sendError(res, 404)
      const [, project, , model = '', method = ''] = m
      requests.push({
        method,
        path: url.pathname,
        model,
        vertex: url.pathname.includes('/publishers/'),
        project,
        apiKey: req.headers['x-goog-api-key'] as string | undefined,
        authorization: req.headers.authorization,
        id: req.headers['x-test-id'] as string | undefined,
      })
      const fault = req.headers['x-test-fault'] as string | undefined
      const id = String(req.headers['x-test-id'] ?? '')
      const seen = (attempts.get(id) ?? 0) + 1
      attempts.set(id, seen)
      const limit = req.headers['x-test-fault-attempts']
      const active = fault !== undefined && (limit === undefined || seen <= Number(limit))
      if (active && /^\d+$/.test(fault)) return sendError(res, Number(fault))
      if (active && fault === 'hang') return
      const headers = active ? req.headers : { ...req.headers, 'x-test-fault': undefined }
      const tool = req.headers['x-test-function-call']
      if (tool && method === 'generateContent' && !body.includes('"functionResponse"'))
        return callFunction(res, model, String(tool))
      answer(res, model, method, headers)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
