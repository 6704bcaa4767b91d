// An in-process fake `fetch` answering like OpenAI's chat completions endpoint, so client calls
// can be timed without a network: a JSON completion, or an SSE stream of `chunks` deltas.

const encoder = new TextEncoder()

function completion(model) {
  return JSON.stringify({
    id: 'chatcmpl_bench',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { prompt_tokens: 812, completion_tokens: 96, total_tokens: 908 },
  })
}

function sse(model, chunks, withUsage) {
  const base = { id: 'chatcmpl_bench', object: 'chat.completion.chunk', created: 1, model }
  const lines = []
  for (let i = 0; i < chunks; i++) {
    lines.push(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] })}\n\n`,
    )
  }
  lines.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
  )
  if (withUsage)
    lines.push(
      `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 812, completion_tokens: chunks, total_tokens: 812 + chunks } })}\n\n`,
    )
  lines.push('data: [DONE]\n\n')
  return encoder.encode(lines.join(''))
}

/** A fetch function for the openai client's `fetch` option. */
export function fakeOpenAIFetch({ chunks = 0 } = {}) {
  const plainBody = completion('gpt-4o-mini')
  return async (_url, init) => {
    const body = JSON.parse(init.body)
    if (!body.stream)
      return new Response(plainBody, { status: 200, headers: { 'content-type': 'application/json' } })
    const bytes = sse(body.model, chunks, body.stream_options?.include_usage === true)
    return new Response(bytes, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  }
}
