/**
 * Stream handlers for Mistral's chat stream: the SDK yields one `{ data: CompletionChunk }` per
 * SSE `data:` event (the `[DONE]` event ends the stream). Output chunks are the deltas with
 * content (text, or a list of text/thinking parts) or tool calls; usage comes with the last chunk
 * and the response model with the first that names one.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import type { StreamHandlers } from '../shared/stream-observer.js'
import { mistralUsage } from './usage.js'

type Event = Record<string, any>

const nonEmpty = (value: unknown) =>
  typeof value === 'string' ? value.length > 0 : Array.isArray(value) && value.length > 0

function isOutput(chunk: Event | undefined): boolean {
  const delta = chunk?.choices?.[0]?.delta
  return Boolean(delta && (nonEmpty(delta.content) || nonEmpty(delta.toolCalls)))
}

export function chatStreamHandlers(call: LlmCall): StreamHandlers<Event> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  return {
    chunk(event) {
      const chunk = event?.data as Event | undefined
      if (!model && typeof chunk?.model === 'string' && chunk.model !== '') model = chunk.model
      if (isOutput(chunk)) call.chunk()
      if (chunk?.usage) usage = mistralUsage(chunk.usage)
    },
    end: () => call.end({ usage, responseModel: model }),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}
