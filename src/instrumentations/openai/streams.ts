/**
 * Stream handlers for OpenAI: chat and text completion chunks and Responses API events. Output
 * chunks are the content (or tool-call) deltas and the completion text; usage comes from the
 * final usage chunk (completions) or the `response.completed` event. When llmeter itself asked for
 * `include_usage`, the usage-only chunk is hidden and the `usage: null` field it adds to every
 * chunk is removed, so the host sees the chunks it asked for. Azure's first chunk (content-filter
 * results, `"model": ""`) names no model, so the response model is the first non-empty one.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import type { StreamHandlers } from '../shared/stream-observer.js'
import { chatUsage, reportedCost, responsesUsage } from './usage.js'

type Chunk = Record<string, any>

/** Whether a chunk carries output: chat deltas hold content, refusals or tool calls. */
type IsOutput = (chunk: Chunk) => boolean

const chatOutput: IsOutput = (c) => {
  const delta = c?.choices?.[0]?.delta
  return Boolean(delta && (delta.content || delta.tool_calls || delta.refusal))
}

/** Text completion chunks carry their output in `choices[].text`. */
export const textCompletionOutput: IsOutput = (c) => Boolean(c?.choices?.[0]?.text)

/**
 * Chat completion chunks, and text completion chunks (same envelope, same usage chunk) with
 * `isOutput = textCompletionOutput`.
 */
export function chatStreamHandlers(
  call: LlmCall,
  injectedUsage: boolean,
  isOutput: IsOutput = chatOutput,
): StreamHandlers<Chunk> {
  let usage: LlmUsage | undefined
  let cost: number | undefined
  let model: string | undefined
  return {
    chunk(c) {
      // Azure opens a stream with a content-filter chunk whose `model` is "": the model is the
      // first one a chunk names.
      if (!model && typeof c?.model === 'string' && c.model !== '') model = c.model
      if (isOutput(c)) call.chunk()
      if (c?.usage) {
        usage = chatUsage(c.usage)
        cost = reportedCost(c.usage)
      }
    },
    hide(c) {
      if (!injectedUsage) return false
      if (Array.isArray(c?.choices) && c.choices.length === 0 && c.usage) return true
      if (c && c.usage === null) delete c.usage
      return false
    },
    end: () => call.end({ usage, responseModel: model, costUsd: cost }),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}

export function responsesStreamHandlers(call: LlmCall): StreamHandlers<Chunk> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  let failure: unknown
  return {
    chunk(event) {
      switch (event?.type) {
        case 'response.output_text.delta':
        case 'response.refusal.delta':
        case 'response.function_call_arguments.delta':
          call.chunk()
          break
        case 'response.created':
          model = event.response?.model
          break
        case 'response.completed':
        case 'response.incomplete':
          usage = responsesUsage(event.response?.usage)
          model = event.response?.model ?? model
          break
        case 'response.failed':
        case 'error':
          failure = event.response?.error ?? event
          break
      }
    },
    end: () => (failure === undefined ? call.end({ usage, responseModel: model }) : call.fail(failure)),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}
