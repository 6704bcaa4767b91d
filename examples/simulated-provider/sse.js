// Server-sent events as the providers write them: `event: <type>\ndata: <json>\n\n` (Anthropic, the
// Responses API) or bare `data: <json>\n\n` (chat completions, ending with `data: [DONE]`), and the
// stream-level faults: a connection cut mid-stream and an event whose JSON is broken.

/**
 * @typedef {object} SseMessage
 * @property {string} [event] the `event:` line; omitted for chat completion chunks
 * @property {unknown} data serialized as JSON, or written as is when a string (`[DONE]`)
 */

/**
 * @typedef {object} SseWriter
 * @property {(message: SseMessage) => boolean} send false once the client has gone
 * @property {() => void} end
 * @property {() => void} cut drops the connection once what was sent has been flushed
 */

/**
 * @param {import('node:http').ServerResponse} res a response whose SSE head is written
 * @returns {SseWriter}
 */
export function openSse(res) {
  /** @param {string} text */
  const write = (text) => {
    if (res.destroyed || res.writableEnded) return false
    res.write(text)
    return true
  }
  return {
    send({ event, data }) {
      const payload = typeof data === 'string' ? data : JSON.stringify(data)
      return write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`)
    },
    end() {
      if (!res.destroyed && !res.writableEnded) res.end()
    },
    cut: () => cutConnection(res),
  }
}

/**
 * Ends the socket (not the response): what was written so far is flushed, then the connection
 * closes before the body is complete, so the client sees a stream or body that stops mid-way, as
 * on a network fault.
 * @param {import('node:http').ServerResponse} res
 */
export function cutConnection(res) {
  const socket = res.socket
  if (res.destroyed || !socket) return
  socket.once('finish', () => socket.destroy())
  socket.end()
}

/**
 * @typedef {object} StreamPlan
 * @property {SseMessage[]} head events before the content (message_start, role chunk, ...)
 * @property {SseMessage[]} deltas the content deltas, paced by the per-chunk latency
 * @property {SseMessage[]} tail events after the content (stop reason, usage, [DONE])
 */

/**
 * Plays a stream, applying the request's stream faults: `cut_stream` drops the connection after
 * `cutAfter` deltas; `malformed_json` sends one event whose JSON is truncated, then ends.
 * @param {import('./router.js').Exchange} ex
 * @param {StreamPlan} plan
 * @returns {Promise<void>}
 */
export async function playStream(ex, plan) {
  const sse = ex.reply.sse()
  for (const message of plan.head) if (!sse.send(message)) return
  const { fault, cutAfter } = ex.scenario
  if (fault === 'malformed_json') {
    // Named like the delta it replaces: the SDKs skip events whose name they do not expect.
    sse.send({ event: plan.deltas[0]?.event, data: '{"type": "broken", "choices": [' })
    sse.end()
    return
  }
  for (let i = 0; i < plan.deltas.length; i++) {
    if (fault === 'cut_stream' && i === cutAfter) return sse.cut()
    await ex.pause('chunk')
    const delta = plan.deltas[i]
    if (!delta || !sse.send(delta)) return
  }
  if (fault === 'cut_stream') return sse.cut()
  for (const message of plan.tail) if (!sse.send(message)) return
  sse.end()
}
