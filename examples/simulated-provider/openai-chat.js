// OpenAI chat completions (`POST /v1/chat/completions`, and Azure's deployment paths): a JSON
// `chat.completion`, or with `stream: true` an SSE stream of `chat.completion.chunk` objects (a role
// delta, the content deltas, a finish_reason chunk) ending with `data: [DONE]`. As OpenAI does, the
// usage chunk (empty `choices`) is sent only when `stream_options.include_usage` is true, and then
// every other chunk carries `"usage": null`.
import { playStream } from './sse.js'
import { splitText } from './tokens.js'

/**
 * OpenAI's usage: `prompt_tokens` includes cached tokens and `completion_tokens` includes
 * reasoning tokens, with the parts broken down in the details objects.
 * @param {import('./tokens.js').SimUsage} u
 * @example
 * chatUsage({ input: 100, output: 20, cacheRead: 30, cacheWrite: 0, reasoning: 5 }).prompt_tokens // 130
 */
export function chatUsage(u) {
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

/** @param {import('./router.js').Exchange} ex */
export async function openaiChat(ex) {
  const { scenario, body } = ex
  const common = { id: ex.newId('chatcmpl-'), created: ex.nowSeconds(), model: ex.model }
  if (body.stream !== true) {
    ex.reply.answer(
      {
        ...common,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: scenario.reply, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: chatUsage(scenario.usage),
        service_tier: 'default',
        system_fingerprint: 'fp_sim',
      },
      scenario.fault,
    )
    return
  }
  const includeUsage = body.stream_options?.include_usage === true
  /** @param {Array<Record<string, unknown>>} choices */
  const chunk = (choices) => ({
    data: {
      ...common,
      object: 'chat.completion.chunk',
      service_tier: 'default',
      system_fingerprint: 'fp_sim',
      choices,
      ...(includeUsage ? { usage: null } : {}),
    },
  })
  /** @param {Record<string, unknown>} delta @param {string | null} finish */
  const choice = (delta, finish = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish })
  const usageChunk = {
    data: { ...chunk([]).data, usage: chatUsage(scenario.usage) },
  }
  await playStream(ex, {
    head: [chunk([choice({ role: 'assistant', content: '', refusal: null })])],
    deltas: splitText(scenario.reply, scenario.chunks).map((text) => chunk([choice({ content: text })])),
    tail: [chunk([choice({}, 'stop')]), ...(includeUsage ? [usageChunk] : []), { data: '[DONE]' }],
  })
}
