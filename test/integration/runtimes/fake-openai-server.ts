/**
 * A tiny OpenAI Chat Completions server on loopback, written from the public API reference: a
 * plain completion with `usage` in the body, and an SSE stream (`data: {chunk}` lines, `[DONE]`
 * last) whose usage comes in a final chunk with no choices, only when the request asked for it
 * with `stream_options.include_usage` (the AI SDK does; the openai client does only when told).
 * Each response reports the tokens in `usage` below, so tests can assert exact totals.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export const PLAIN_USAGE = { prompt_tokens: 11, completion_tokens: 7 }
export const STREAM_USAGE = { prompt_tokens: 13, completion_tokens: 5 }

export interface FakeOpenAI {
  /** Base URL for the clients, ending in `/v1`. */
  readonly baseURL: string
  /** Chat completion requests received. */
  readonly requests: number
  close(): Promise<void>
}

function usage(u: { prompt_tokens: number; completion_tokens: number }) {
  return { ...u, total_tokens: u.prompt_tokens + u.completion_tokens }
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let requests = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }))
        return
      }
      requests++
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      const base = { id: `chatcmpl-${requests}`, created: 1_764_633_600, model: `${body.model}-2024-07-18` }
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.' }, finish_reason: 'stop' }],
            usage: usage(PLAIN_USAGE),
          }),
        )
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`,
        )
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])
      chunk([{ index: 0, delta: { content: 'Hel' }, finish_reason: null }])
      chunk([{ index: 0, delta: { content: 'lo.' }, finish_reason: null }])
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }])
      if (body.stream_options?.include_usage) chunk([], { usage: usage(STREAM_USAGE) })
      res.end('data: [DONE]\n\n')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
