// Anthropic wire format: messages (JSON and the SSE event sequence), with input_tokens that exclude
// cache reads and writes (reported apart), as Anthropic reports them; Anthropic's error bodies.
import { openSse, retryHeaders, sendJson, sleep } from './http-util.js'
import { splitText } from './scenario.js'

let seq = 0

const ERRORS = {
  429: [429, 'rate_limit_error', 'Number of request tokens has exceeded your rate limit (simulated).'],
  500: [500, 'api_error', 'Internal server error (simulated).'],
  529: [529, 'overloaded_error', 'Overloaded (simulated).'],
  401: [401, 'authentication_error', 'invalid x-api-key (simulated)'],
  400: [400, 'invalid_request_error', 'Invalid request (simulated).'],
  context_length: [
    400,
    'invalid_request_error',
    'prompt is too long: 210000 tokens > 200000 maximum (simulated)',
  ],
  content_filter: [400, 'invalid_request_error', 'Output blocked by content filtering policy (simulated).'],
}

export function anthropicError(res, fault, retryAfter) {
  const e = ERRORS[fault]
  if (!e) return false
  const [status, type, message] = e
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message } },
    status === 429 ? retryHeaders(retryAfter) : {},
  )
  return true
}

function usage(u, outputTokens) {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    output_tokens: outputTokens,
    service_tier: 'standard',
  }
}

export async function messages(_req, res, body, sc, latency) {
  const model = sc.responseModel ?? body.model
  const msgId = `msg_sim${(++seq).toString(36)}`
  await sleep(latency.firstByteMs)
  if (!body.stream) {
    sendJson(res, 200, {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: sc.reply }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(sc.usage, sc.usage.output),
    })
    return
  }
  const sse = openSse(res)
  const send = (type, data) => sse.send(type, { type, ...data })
  send('message_start', {
    message: {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(sc.usage, 1),
    },
  })
  send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
  send('ping', {})
  const pieces = splitText(sc.reply, sc.chunks)
  for (let i = 0; i < pieces.length; i++) {
    if (sc.fault === 'cut_stream' && i === 2) return sse.cut()
    await sleep(latency.perChunkMs)
    send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: pieces[i] } })
  }
  send('content_block_stop', { index: 0 })
  send('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: sc.usage.output },
  })
  send('message_stop', {})
  sse.end()
}
