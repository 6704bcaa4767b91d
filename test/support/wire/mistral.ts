/**
 * A Mistral API wire-format server, from Mistral's public API reference: `POST /v1/chat/completions`
 * (JSON, or with `stream: true` SSE `data:` events in the OpenAI chunk envelope, the last one with
 * `finish_reason` and `usage`, then `data: [DONE]`) and `POST /v1/embeddings`. Errors use Mistral's
 * body `{"object": "error", "message", "type", "param", "code"}`. Scenarios (`x-test-scenario`):
 * `ok`, `429-once` (first attempt 429 with `retry-after: 1`), `500`, `reset-once` (the first
 * attempt's connection closed before any response), `stream-error` (an error
 * event after the first content chunk), `stream-cut` (connection closed after the first content
 * chunk), `hold` (two content chunks, then open until the client leaves).
 */
import type { ServerResponse } from 'node:http'
import { sendJson, sse, startWireServer, type WireRequest, type WireServer } from './server.js'

/** Token counts every successful chat response reports. */
export const MISTRAL_USAGE = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 }
export const MISTRAL_EMBED_TOKENS = 12
export const MISTRAL_TEXT = ['Bon', 'jour', ' !']

const error = (res: ServerResponse, status: number, type: string, headers: Record<string, string> = {}) =>
  sendJson(
    res,
    status,
    { object: 'error', message: `${type} (test)`, type, param: null, code: null },
    headers,
  )

/** The faults a scenario puts before a normal answer; true when one was sent. */
function fault({ scenario, attempt }: WireRequest, res: ServerResponse): boolean {
  if (scenario === '429-once' && attempt === 1) {
    error(res, 429, 'rate_limit_error', { 'retry-after': '1' })
    return true
  }
  if (scenario === '500') {
    error(res, 500, 'server_error')
    return true
  }
  if (scenario === 'reset-once' && attempt === 1) {
    res.socket?.destroy()
    return true
  }
  return false
}

function chat(req: WireRequest, res: ServerResponse) {
  if (fault(req, res)) return
  const model = req.body.model
  const base = { id: 'cmpl-test', object: 'chat.completion', created: 1_760_000_000, model }
  if (req.body.stream !== true) {
    const message = { role: 'assistant', content: MISTRAL_TEXT.join(''), tool_calls: null }
    return sendJson(res, 200, {
      ...base,
      choices: [{ index: 0, message, finish_reason: 'stop' }],
      usage: MISTRAL_USAGE,
    })
  }
  const stream = sse(res)
  const chunk = (delta: object, extra: object = {}) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  })
  stream.write(chunk({ role: 'assistant', content: '' }))
  stream.write(chunk({ content: MISTRAL_TEXT[0] }))
  if (req.scenario === 'stream-error') {
    stream.write({
      object: 'error',
      message: 'internal error (test)',
      type: 'server_error',
      param: null,
      code: null,
    })
    return stream.end()
  }
  if (req.scenario === 'stream-cut') return stream.cut()
  stream.write(chunk({ content: MISTRAL_TEXT[1] }))
  if (req.scenario === 'hold') return stream.hold()
  stream.write({
    ...chunk({ content: MISTRAL_TEXT[2] }),
    choices: [{ index: 0, delta: { content: MISTRAL_TEXT[2] }, finish_reason: 'stop' }],
    usage: MISTRAL_USAGE,
  })
  stream.write('[DONE]')
  stream.end()
}

function embeddings(req: WireRequest, res: ServerResponse) {
  if (fault(req, res)) return
  const inputs = Array.isArray(req.body.input) ? req.body.input : [req.body.input]
  sendJson(res, 200, {
    id: 'emb-test',
    object: 'list',
    model: req.body.model,
    data: inputs.map((_: unknown, index: number) => ({
      object: 'embedding',
      embedding: [0.1, 0.2, 0.3],
      index,
    })),
    usage: { prompt_tokens: MISTRAL_EMBED_TOKENS, completion_tokens: 0, total_tokens: MISTRAL_EMBED_TOKENS },
  })
}

export function startMistralServer(): Promise<WireServer> {
  return startWireServer({ '/v1/chat/completions': chat, '/v1/embeddings': embeddings })
}
