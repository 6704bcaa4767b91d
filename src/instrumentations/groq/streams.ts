/**
 * Stream handlers for Groq chat completions: OpenAI-style chunks, whose content, reasoning or
 * tool-call deltas are output chunks, with the usage in the last chunk (`x_groq.usage`). An
 * `{"error": ...}` event makes the SDK throw from the stream (an `APIError` without a status,
 * classified by the error's type); a final chunk with `x_groq.error` ends a stream the server
 * stopped early, recorded as failed with that reason.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import type { StreamHandlers } from '../shared/stream-observer.js'
import { chunkUsage, groqUsage } from './usage.js'

type Chunk = Record<string, any>

const isOutput = (c: Chunk) => {
  const delta = c?.choices?.[0]?.delta
  return Boolean(delta && (delta.content || delta.reasoning || delta.tool_calls?.length))
}

export function groqStreamHandlers(call: LlmCall): StreamHandlers<Chunk> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  let stoppedBy: string | undefined
  return {
    chunk(c) {
      if (!model && typeof c?.model === 'string' && c.model !== '') model = c.model
      if (isOutput(c)) call.chunk()
      const u = chunkUsage(c)
      if (u) usage = groqUsage(u)
      if (typeof c?.x_groq?.error === 'string' && c.x_groq.error !== '') stoppedBy = c.x_groq.error
    },
    end: () =>
      stoppedBy === undefined
        ? call.end({ usage, responseModel: model })
        : call.fail({ code: stoppedBy, message: stoppedBy }),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}
