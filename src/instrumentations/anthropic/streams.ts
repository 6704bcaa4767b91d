/**
 * Stream handlers for Anthropic's Messages event stream. Output chunks are the
 * `content_block_delta` events; input and cache counts come from `message_start`, the output count
 * from the last `message_delta` (newer API versions repeat the input counts there, which then win).
 * An `error` event makes the SDK throw, which the stream observer reports as a failure.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import type { StreamHandlers } from '../shared/stream-observer.js'
import { anthropicUsage } from './usage.js'

type Event = Record<string, any>

export function messageStreamHandlers(call: LlmCall): StreamHandlers<Event> {
  let usage: Event | undefined
  let model: string | undefined
  return {
    chunk(event) {
      switch (event?.type) {
        case 'content_block_delta':
          call.chunk()
          break
        case 'message_start':
          usage = { ...event.message?.usage }
          model = event.message?.model
          break
        case 'message_delta':
          if (event.usage && typeof event.usage === 'object') {
            for (const [key, value] of Object.entries(event.usage)) {
              if (typeof value === 'number') usage = { ...usage, [key]: value }
            }
          }
          break
      }
    },
    end: () => call.end({ usage: anthropicUsage(usage), responseModel: model }),
    fail: (error) => call.fail(error),
    abandon: () => call.cancel(),
  }
}
