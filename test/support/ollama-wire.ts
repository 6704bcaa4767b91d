/**
 * A local server speaking Ollama's REST API (POST /api/chat, /api/generate, /api/embed,
 * /api/embeddings), written from Ollama's public API reference: JSON responses, and NDJSON
 * streams whose last line is `done: true` with `prompt_eval_count` and `eval_count`. Errors are
 * `{"error": "..."}` with their status. A test sets what a model does (`behave`); every other
 * model answers normally. Listens on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface OllamaBehaviour {
  /** Content lines of a stream before the done line. Default 3. */
  chunks?: number
  /** Answer with this status and an error body (with `retry-after: 0` for 429). */
  status?: number
  /** Stream: send an `{"error": ...}` line after the content lines, instead of the done line. */
  streamError?: string
  /** Stream: destroy the socket after the content lines (no done line). */
  cut?: boolean
  /** Stream: wait for the client to go away after this many content lines. */
  hang?: boolean
}

export const PROMPT_TOKENS = 26
export const EVAL_TOKENS = 298

export interface OllamaWire {
  url: string
  port: number
  /** Requests per path. */
  requests: Record<string, number>
  behave(model: string, behaviour: OllamaBehaviour): void
  close(): Promise<void>
}

const timings = { total_duration: 5_000_000, load_duration: 1_000_000, prompt_eval_duration: 100_000 }

function finalLine(path: string, model: string) {
  const base = { model, created_at: '2026-12-01T00:00:00Z', done: true, done_reason: 'stop', ...timings }
  const counts = { prompt_eval_count: PROMPT_TOKENS, eval_count: EVAL_TOKENS, eval_duration: 900_000 }
  return path === '/api/chat'
    ? { ...base, message: { role: 'assistant', content: '' }, ...counts }
    : { ...base, response: '', context: [1, 2, 3], ...counts }
}

function contentLine(path: string, model: string, i: number) {
  const base = { model, created_at: '2026-12-01T00:00:00Z', done: false }
  return path === '/api/chat'
    ? { ...base, message: { role: 'assistant', content: `word${i} ` } }
    : { ...base, response: `word${i} ` }
}

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  let text = ''
  for await (const chunk of req) text += chunk
  return JSON.parse(text || '{}')
}

export async function startOllamaWire(): Promise<OllamaWire> {
  const behaviours = new Map<string, OllamaBehaviour>()
  const requests: Record<string, number> = {}
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? ''
    requests[path] = (requests[path] ?? 0) + 1
    const request = await body(req)
    const model = String(request.model)
    const b = behaviours.get(model) ?? {}
    if (b.status) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (b.status === 429) headers['retry-after'] = '0'
      res
        .writeHead(b.status, headers)
        .end(JSON.stringify({ error: `model "${model}" failed with ${b.status}` }))
      return
    }
    if (path === '/api/embed') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({ model, embeddings: [[0.1, 0.2]], ...timings, prompt_eval_count: PROMPT_TOKENS }),
      )
      return
    }
    if (path === '/api/embeddings') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ embedding: [0.1, 0.2] }))
      return
    }
    if (path !== '/api/chat' && path !== '/api/generate') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }))
      return
    }
    // Ollama streams unless the request says `stream: false`.
    if (request.stream === false) {
      const whole: Record<string, unknown> = finalLine(path, model)
      if (path === '/api/chat') whole.message = { role: 'assistant', content: 'hello there' }
      else whole.response = 'hello there'
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(whole))
      return
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    const lines = Array.from(
      { length: b.chunks ?? 3 },
      (_, i) => `${JSON.stringify(contentLine(path, model, i))}\n`,
    )
    if (b.hang) {
      res.write(lines.join(''))
      return
    }
    if (b.cut) {
      // The content lines reach the client first, then the connection goes without a done line.
      res.write(lines.join(''), () => res.socket?.destroy())
      return
    }
    for (const line of lines) res.write(line)
    if (b.streamError) {
      res.end(`${JSON.stringify({ error: b.streamError })}\n`)
      return
    }
    res.end(`${JSON.stringify(finalLine(path, model))}\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    behave: (model, behaviour) => behaviours.set(model, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
