/**
 * A Cohere v2 API wire-format server, from Cohere's public API reference: `POST /v2/chat` (JSON,
 * or with `stream: true` SSE, each message an `event:` line naming its type and a `data:` line
 * with the event: `message-start`, `content-start`, `content-delta`..., `content-end`,
 * `message-end` with `delta.finish_reason` and `delta.usage`) and `POST /v2/embed` (`meta` with
 * `billed_units`). Errors have Cohere's `{"message"}` body. Scenarios (`x-test-scenario`): `ok`,
 * `429-once` (first attempt 429 with `retry-after: 1`), `500`, `stream-error` (the generation
 * fails after a content delta: `message-end` with `finish_reason: "ERROR"`), `stream-cut`
 * (connection closed after the first delta), `hold` (two deltas, then open until the client leaves).
 */
import type { ServerResponse } from 'node:http'
import { sendJson, sse, startWireServer, type WireRequest, type WireServer } from './server.js'

/** What every successful chat reports: the processed tokens and the (fewer) billed ones. */
export const COHERE_USAGE = {
  billed_units: { input_tokens: 100, output_tokens: 25 },
  tokens: { input_tokens: 140, output_tokens: 25 },
}
export const COHERE_EMBED_TOKENS = 9
export const COHERE_TEXT = ['Hel', 'lo', '!']

function fault({ scenario, attempt }: WireRequest, res: ServerResponse): boolean {
  if (scenario === '429-once' && attempt === 1) {
    sendJson(res, 429, { message: 'too many requests (test)' }, { 'retry-after': '1' })
    return true
  }
  if (scenario === '500') {
    sendJson(res, 500, { message: 'internal server error (test)' })
    return true
  }
  return false
}

function chat(req: WireRequest, res: ServerResponse) {
  if (fault(req, res)) return
  if (req.body.stream !== true) {
    return sendJson(res, 200, {
      id: 'chat-test',
      finish_reason: 'COMPLETE',
      message: { role: 'assistant', content: [{ type: 'text', text: COHERE_TEXT.join('') }] },
      usage: COHERE_USAGE,
    })
  }
  const stream = sse(res)
  const send = (event: Record<string, unknown>) => stream.write(event, event.type as string)
  const delta = (text: string) =>
    send({ type: 'content-delta', index: 0, delta: { message: { content: { text } } } })
  send({
    id: 'chat-test',
    type: 'message-start',
    delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } },
  })
  send({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } })
  delta(COHERE_TEXT[0]!)
  if (req.scenario === 'stream-error') {
    send({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal error (test)' } })
    return stream.end()
  }
  if (req.scenario === 'stream-cut') return stream.cut()
  delta(COHERE_TEXT[1]!)
  if (req.scenario === 'hold') return stream.hold()
  delta(COHERE_TEXT[2]!)
  send({ type: 'content-end', index: 0 })
  send({ type: 'message-end', delta: { finish_reason: 'COMPLETE', usage: COHERE_USAGE } })
  stream.end()
}

function embed(req: WireRequest, res: ServerResponse) {
  if (fault(req, res)) return
  const texts: string[] = req.body.texts ?? []
  sendJson(res, 200, {
    id: 'embed-test',
    embeddings: { float: texts.map(() => [0.1, 0.2, 0.3]) },
    texts,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: COHERE_EMBED_TOKENS } },
    response_type: 'embeddings_by_type',
  })
}

export function startCohereServer(): Promise<WireServer> {
  return startWireServer({ '/v2/chat': chat, '/v2/embed': embed })
}
