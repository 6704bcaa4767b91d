// Anthropic messages (`POST /v1/messages`): a JSON `message`, or with `stream: true` the real SSE
// sequence: message_start (with the input usage), content_block_start, ping, content_block_delta
// (text_delta, xN), content_block_stop, message_delta (stop_reason and the usage totals),
// message_stop. Anthropic reports `input_tokens` WITHOUT the cache reads and writes, which come
// apart in `cache_read_input_tokens` and `cache_creation_input_tokens`.
import { playStream } from './sse.js'
import { countTokens, promptText, splitText } from './tokens.js'

/**
 * Anthropic's usage. `output_tokens` includes thinking tokens, broken down in
 * `output_tokens_details` when there are any.
 * @param {import('./tokens.js').SimUsage} u
 * @param {number} outputTokens the output so far (message_start reports a token or so)
 * @example
 * anthropicUsage({ input: 100, output: 20, cacheRead: 30, cacheWrite: 7, reasoning: 0 }, 20).input_tokens // 100
 */
export function anthropicUsage(u, outputTokens) {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: u.reasoning > 0 ? { thinking_tokens: u.reasoning } : null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: null,
  }
}

/** @param {import('./router.js').Exchange} ex */
export async function anthropicMessages(ex) {
  const { scenario, body } = ex
  const u = scenario.usage
  /** @param {unknown[]} content @param {string | null} stopReason @param {number} output */
  const message = (content, stopReason, output) => ({
    id: ex.newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: ex.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: anthropicUsage(u, output),
  })
  if (body.stream !== true) {
    ex.reply.answer(
      message([{ type: 'text', text: scenario.reply, citations: null }], 'end_turn', u.output),
      scenario.fault,
    )
    return
  }
  /** @param {string} type @param {Record<string, unknown>} fields */
  const event = (type, fields = {}) => ({ event: type, data: { type, ...fields } })
  await playStream(ex, {
    head: [
      event('message_start', { message: message([], null, Math.min(1, u.output)) }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } }),
      event('ping'),
    ],
    deltas: splitText(scenario.reply, scenario.chunks).map((text) =>
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
    ),
    tail: [
      event('content_block_stop', { index: 0 }),
      // Current API versions repeat the cumulative input counts here, beside the output total.
      event('message_delta', {
        delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null },
        usage: {
          input_tokens: u.input,
          cache_creation_input_tokens: u.cacheWrite,
          cache_read_input_tokens: u.cacheRead,
          output_tokens: u.output,
          output_tokens_details: u.reasoning > 0 ? { thinking_tokens: u.reasoning } : null,
          server_tool_use: null,
        },
      }),
      event('message_stop'),
    ],
  })
}

/**
 * `POST /v1/messages/count_tokens`: the input tokens the same request would report (x-sim-usage's
 * `input`, else the prompt-length rule).
 * @param {import('./router.js').Exchange} ex
 */
export function anthropicCountTokens(ex) {
  const input = ex.scenario.usageGiven ? ex.scenario.usage.input : countTokens(promptText(ex.body))
  ex.reply.answer({ input_tokens: input }, ex.scenario.fault)
}
