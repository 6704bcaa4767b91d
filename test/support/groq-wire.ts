/**
 * A local server speaking Groq's chat completions API (POST /openai/v1/chat/completions), written
 * from Groq's public API reference: OpenAI-shaped JSON, and SSE streams whose first and last
 * chunks carry `x_groq` (the last one with the usage, `x_groq.usage`), ending with `[DONE]`.
 * Errors are `{"error": {"message", "type", "code"}}`. A test sets what a model does (`behave`);
 * every other model answers normally. Listens on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GroqBehaviour {
  /** Content chunks of a stream. Default 3. */
  chunks?: number
  /** Answer the first `failures` attempts with this status (429 with `retry-after: 0`). */
  status?: number
  /** How many attempts get `status`; default all of them. */
  failures?: number
  /** Stream: an `{"error": ...}` event after the content chunks, instead of the last chunk. */
  streamError?: { type: string; code: string }
  /** Stream: destroy the socket after the content chunks. */
  cut?: boolean
  /** Stream: the last chunk carries `x_groq.error` with this reason (a stream stopped early). */
  stoppedBy?: string
  /** Stream: put the usage at the top level of the last chunk instead of under `x_groq`. */
  topLevelUsage?: boolean
}

export const USAGE = {
  queue_time: 0.02,
  prompt_tokens: 1200,
  prompt_time: 0.01,
  completion_tokens: 300,
  completion_time: 0.3,
  total_tokens: 1500,
  total_time: 0.31,
}

export interface GroqWire {
  url: string
  port: number
  /** Attempts per model. */
  attempts: Record<string, number>
  behave(model: string, behaviour: GroqBehaviour): void
  close(): Promise<void>
}

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  let text = ''
  for await (const chunk of req) text += chunk
  return JSON.parse(text || '{}')
}

const envelope = (model: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1764547200,
  model,
  system_fingerprint: 'fp_1',
})

export async function startGroqWire(): Promise<GroqWire> {
  const behaviours = new Map<string, GroqBehaviour>()
  const attempts: Record<string, number> = {}
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const request = await body(req)
    const model = String(request.model)
    const attempt = (attempts[model] ?? 0) + 1
    attempts[model] = attempt
    const b = behaviours.get(model) ?? {}
    if (req.url !== '/openai/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          error: { message: 'Unknown request URL', type: 'invalid_request_error', code: 'unknown_url' },
        }),
      )
      return
    }
    if (b.status && attempt <= (b.failures ?? Number.POSITIVE_INFINITY)) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (b.status === 429) headers['retry-after'] = '0'
      const type = b.status === 429 ? 'tokens' : 'internal_server_error'
      res
        .writeHead(b.status, headers)
        .end(JSON.stringify({ error: { message: `failed with ${b.status}`, type, code: type } }))
      return
    }
    if (request.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          ...envelope(model),
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'hello there' },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: USAGE,
          usage_breakdown: null,
          x_groq: { id: 'req_1', usage: { dram_cached_tokens: 0, sram_cached_tokens: 0 } },
        }),
      )
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const send = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`
    let out = send({
      ...envelope(model),
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      x_groq: { id: 'req_1' },
    })
    for (let i = 0; i < (b.chunks ?? 3); i++) {
      out += send({
        ...envelope(model),
        choices: [{ index: 0, delta: { content: `word${i} ` }, logprobs: null, finish_reason: null }],
      })
    }
    if (b.cut) {
      res.write(out, () => res.socket?.destroy())
      return
    }
    if (b.streamError) {
      res.end(`${out}${send({ error: { message: 'failed mid-way', ...b.streamError } })}`)
      return
    }
    const last = {
      ...envelope(model),
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
    }
    if (b.stoppedBy) {
      res.end(`${out}${send({ ...last, x_groq: { id: 'req_1', error: b.stoppedBy } })}data: [DONE]\n\n`)
      return
    }
    out += send(
      b.topLevelUsage
        ? { ...last, usage: USAGE, x_groq: { id: 'req_1' } }
        : { ...last, x_groq: { id: 'req_1', usage: USAGE } },
    )
    res.end(`${out}data: [DONE]\n\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    attempts,
    behave: (model, behaviour) => behaviours.set(model, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
