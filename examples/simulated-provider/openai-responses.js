// The OpenAI Responses API (`POST /v1/responses`): a JSON `response` object, or with `stream: true`
// the real event sequence, each as `event: <type>` + `data: <json>` with a rising `sequence_number`:
// response.created, response.in_progress, response.output_item.added, response.content_part.added,
// response.output_text.delta (xN), response.output_text.done, response.content_part.done,
// response.output_item.done, response.completed (which carries the usage).
import { playStream } from './sse.js'
import { splitText } from './tokens.js'

/**
 * The Responses API's usage: `input_tokens` includes cached tokens, `output_tokens` includes
 * reasoning tokens.
 * @param {import('./tokens.js').SimUsage} u
 */
export function responsesUsage(u) {
  return {
    input_tokens: u.input + u.cacheRead,
    input_tokens_details: { cached_tokens: u.cacheRead, cache_write_tokens: 0 },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.cacheRead + u.output,
  }
}

/** @param {import('./router.js').Exchange} ex */
export async function openaiResponses(ex) {
  const { scenario, body } = ex
  const responseId = ex.newId('resp_')
  const itemId = ex.newId('msg_')
  const createdAt = ex.nowSeconds()
  /** @param {string} text */
  const part = (text) => ({ type: 'output_text', text, annotations: [], logprobs: [] })
  /** @param {'in_progress' | 'completed'} status @param {unknown[]} content */
  const item = (status, content) => ({ id: itemId, type: 'message', status, role: 'assistant', content })
  /** @param {'in_progress' | 'completed'} status */
  const response = (status) => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    model: ex.model,
    output: status === 'completed' ? [item('completed', [part(scenario.reply)])] : [],
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: status === 'completed' ? responsesUsage(scenario.usage) : null,
  })
  if (body.stream !== true) {
    ex.reply.answer(response('completed'), scenario.fault)
    return
  }
  let sequence = 0
  /** @param {string} type @param {Record<string, unknown>} fields */
  const event = (type, fields) => ({ event: type, data: { type, sequence_number: sequence++, ...fields } })
  const at = { item_id: itemId, output_index: 0, content_index: 0 }
  const pieces = splitText(scenario.reply, scenario.chunks)
  // Built in the order they are sent, so sequence numbers rise along the stream.
  const head = [
    event('response.created', { response: response('in_progress') }),
    event('response.in_progress', { response: response('in_progress') }),
    event('response.output_item.added', { output_index: 0, item: item('in_progress', []) }),
    event('response.content_part.added', { ...at, part: part('') }),
  ]
  const deltas = pieces.map((delta) => event('response.output_text.delta', { ...at, delta, logprobs: [] }))
  const tail = [
    event('response.output_text.done', { ...at, text: scenario.reply, logprobs: [] }),
    event('response.content_part.done', { ...at, part: part(scenario.reply) }),
    event('response.output_item.done', { output_index: 0, item: item('completed', [part(scenario.reply)]) }),
    event('response.completed', { response: response('completed') }),
  ]
  await playStream(ex, { head, deltas, tail })
}
