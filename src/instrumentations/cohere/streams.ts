/**
 * Stream handlers for Cohere's v2 chat stream. The SDK yields one event per SSE message, typed
 * `message-start`, `content-start`, `content-delta`, `content-end`, `tool-plan-delta`,
 * `tool-call-start`/`-delta`/`-end`, `citation-start`/`-end`, `message-end` and `debug`. Output
 * chunks are the content, tool-plan and tool-call deltas (the first is the time to first chunk);
 * usage comes with `message-end`. A generation that fails after the stream began also ends with
 * `message-end`, its `finish_reason` `ERROR` and the reason in `delta.error`: the SDK does not
 * throw, so llmeter records the call as failed, by the reason's hints (context length, content
 * filter), else as `server_error`.
 *
 * @module
 */
import { classifyError, ERROR_TYPE } from '../../semconv/error-types.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import type { StreamHandlers } from '../shared/stream-observer.js'
import { cohereUsage } from './usage.js'

type Event = Record<string, any>

const OUTPUT_EVENTS = new Set(['content-delta', 'tool-plan-delta', 'tool-call-delta'])

/** The type of a failure Cohere reports in `message-end`, from its reason text (never recorded). */
function streamErrorType(reason: unknown) {
  const type = classifyError(new Error(typeof reason === 'string' ? reason : ''))
  return type === ERROR_TYPE.other ? ERROR_TYPE.serverError : type
}

export function chatStreamHandlers(call: LlmCall): StreamHandlers<Event> {
  let usage: LlmUsage | undefined
  let failure: { reason: unknown } | undefined
  return {
    chunk(event) {
      const type = event?.type
      if (OUTPUT_EVENTS.has(type)) call.chunk()
      else if (type === 'message-end') {
        const delta = event.delta as Event | undefined
        usage = cohereUsage(delta?.usage)
        const finish = delta?.finishReason ?? delta?.finish_reason
        if (finish === 'ERROR' || (typeof delta?.error === 'string' && delta.error !== '')) {
          failure = { reason: delta?.error }
        }
      }
    },
    end: () => {
      if (failure) call.fail(failure, streamErrorType(failure.reason))
      else call.end({ usage })
    },
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}
