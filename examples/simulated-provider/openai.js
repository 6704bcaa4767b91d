// OpenAI wire format: chat completions (JSON and SSE chunks, usage chunk only when
// stream_options.include_usage is set, as OpenAI does), the Responses API (JSON and its event
// stream), embeddings, and OpenAI's error bodies.
import { openSse, retryHeaders, sendJson, sleep } from './http-util.js'
import { splitText } from './scenario.js'

let seq = 0
const id = (prefix) => `${prefix}_sim${(++seq).toString(36)}`
const now = () => Math.floor(Date.now() / 1000)

const ERRORS = {
  429: [429, 'rate_limit_exceeded', 'requests', 'Rate limit reached for requests (simulated).'],
  500: [500, 'server_error', null, 'The server had an error while processing your request (simulated).'],
  529: [529, 'server_error', null, 'The server is overloaded (simulated).'],
  401: [401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided (simulated).'],
  400: [400, 'invalid_request_error', null, 'Invalid request (simulated).'],
  context_length: [
    400,
    'invalid_request_error',
    'context_length_exceeded',
    "This model's maximum context length is 128000 tokens (simulated).",
  ],
  content_filter: [
    400,
    'invalid_request_error',
    'content_filter',
    'The response was filtered due to the content management policy (simulated).',
  ],
}

/** Answers an OpenAI-style error for `fault`; returns false when the fault is not an error status. */
export function openaiError(res, fault, retryAfter) {
  const e = ERRORS[fault]
  if (!e) return false
  const [status, type, code, message] = e
  sendJson(
    res,
    status,
    { error: { message, type, param: null, code } },
    status === 429 ? retryHeaders(retryAfter) : {},
  )
  return true
}

function chatUsage(u) {
  return {
    prompt_tokens: u.input + u.cacheRead,
    completion_tokens: u.output,
    total_tokens: u.input + u.cacheRead + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

export async function chatCompletions(_req, res, body, sc, latency) {
  const model = sc.responseModel ?? body.model
  await sleep(latency.firstByteMs)
  if (!body.stream) {
    if (sc.fault === 'malformed_json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"id": "chatcmpl_broken", "choices": [')
      return
    }
    sendJson(res, 200, {
      id: id('chatcmpl'),
      object: 'chat.completion',
      created: now(),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: sc.reply, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: chatUsage(sc.usage),
      service_tier: 'default',
      system_fingerprint: 'fp_sim',
    })
    return
  }
  const includeUsage = body.stream_options?.include_usage === true
  const base = {
    id: id('chatcmpl'),
    object: 'chat.completion.chunk',
    created: now(),
    model,
    system_fingerprint: 'fp_sim',
  }
  const withUsage = (chunk) => (includeUsage ? { ...chunk, usage: null } : chunk)
  const sse = openSse(res)
  sse.send(
    null,
    withUsage({
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: '', refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ],
    }),
  )
  const pieces = splitText(sc.reply, sc.chunks)
  for (let i = 0; i < pieces.length; i++) {
    if (sc.fault === 'cut_stream' && i === 2) return sse.cut()
    await sleep(latency.perChunkMs)
    sse.send(
      null,
      withUsage({
        ...base,
        choices: [{ index: 0, delta: { content: pieces[i] }, logprobs: null, finish_reason: null }],
      }),
    )
  }
  sse.send(
    null,
    withUsage({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }),
  )
  if (includeUsage) sse.send(null, { ...base, choices: [], usage: chatUsage(sc.usage) })
  sse.send(null, '[DONE]')
  sse.end()
}

function responseObject(model, sc, status, text) {
  const u = sc.usage
  return {
    id: id('resp'),
    object: 'response',
    created_at: now(),
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    model,
    output:
      status === 'completed'
        ? [
            {
              type: 'message',
              id: id('msg'),
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
            },
          ]
        : [],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage:
      status === 'completed'
        ? {
            input_tokens: u.input + u.cacheRead,
            input_tokens_details: { cached_tokens: u.cacheRead },
            output_tokens: u.output,
            output_tokens_details: { reasoning_tokens: u.reasoning },
            total_tokens: u.input + u.cacheRead + u.output,
          }
        : null,
  }
}

export async function responses(_req, res, body, sc, latency) {
  const model = sc.responseModel ?? body.model
  await sleep(latency.firstByteMs)
  if (!body.stream) {
    sendJson(res, 200, responseObject(model, sc, 'completed', sc.reply))
    return
  }
  const sse = openSse(res)
  let n = 0
  const send = (type, data) => sse.send(type, { type, sequence_number: n++, ...data })
  const started = responseObject(model, sc, 'in_progress', '')
  send('response.created', { response: started })
  send('response.in_progress', { response: started })
  const itemId = id('msg')
  send('response.output_item.added', {
    output_index: 0,
    item: { type: 'message', id: itemId, status: 'in_progress', role: 'assistant', content: [] },
  })
  send('response.content_part.added', {
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [] },
  })
  const pieces = splitText(sc.reply, sc.chunks)
  for (let i = 0; i < pieces.length; i++) {
    if (sc.fault === 'cut_stream' && i === 2) return sse.cut()
    await sleep(latency.perChunkMs)
    send('response.output_text.delta', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: pieces[i],
      logprobs: [],
    })
  }
  send('response.output_text.done', {
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    text: sc.reply,
    logprobs: [],
  })
  send('response.content_part.done', {
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part: { type: 'output_text', text: sc.reply, annotations: [] },
  })
  send('response.output_item.done', {
    output_index: 0,
    item: {
      type: 'message',
      id: itemId,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: sc.reply, annotations: [] }],
    },
  })
  send('response.completed', {
    response: { ...responseObject(model, sc, 'completed', sc.reply), id: started.id },
  })
  sse.end()
}

export async function embeddings(_req, res, body, sc, latency) {
  await sleep(latency.firstByteMs)
  const inputs = Array.isArray(body.input) ? body.input : [body.input]
  sendJson(res, 200, {
    object: 'list',
    data: inputs.map((_, index) => ({
      object: 'embedding',
      index,
      embedding: [0.01 * (index + 1), 0.02, -0.03, 0.04],
    })),
    model: sc.responseModel ?? body.model,
    usage: { prompt_tokens: sc.usage.input, total_tokens: sc.usage.input },
  })
}
