/**
 * Ollama's streams. `chat` and `generate` with `stream: true` resolve to an
 * `AbortableAsyncIterator` over the response's NDJSON lines: each line is a partial response, the
 * last one has `done: true` with the usage counts. The host iterates it with `for await` (each
 * iteration starts from its `[Symbol.asyncIterator]()`) and may stop it with its `abort()` (or the
 * client's `abort()`, which aborts every stream in flight). llmeter replaces both on that one
 * object: iteration goes through the shared stream observer, and `abort()` records the call as
 * cancelled before the SDK aborts it. A line with content (chat `message.content`, tool calls or
 * `thinking`; generate `response` or `thinking`) is an output chunk.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import { ERROR_TYPE } from '../../semconv/error-types.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { CallLifetime } from '../shared/lifetime.js'
import { observeIterator, type StreamHandlers } from '../shared/stream-observer.js'
import { ollamaUsage } from './usage.js'

type Line = Record<string, any>

/** Whether a line carries output. */
export type IsOutput = (line: Line) => boolean

export const chatOutput: IsOutput = (l) =>
  Boolean(l?.message?.content || l?.message?.thinking || l?.message?.tool_calls?.length)

export const generateOutput: IsOutput = (l) => Boolean(l?.response || l?.thinking)

/**
 * The SDK turns an `{"error": ...}` line into a plain `Error` with the server's message, and a body
 * that ends before its `done` line into another: the first is the server failing mid-way, the
 * second a stream cut short. Anything else (a socket error, an abort) classifies by itself.
 */
function streamErrorType(error: unknown) {
  if (!(error instanceof Error) || error.constructor !== Error) return undefined
  return /did not receive done/i.test(error.message) ? ERROR_TYPE.network : ERROR_TYPE.serverError
}

function handlers(call: LlmCall, isOutput: IsOutput): StreamHandlers<Line> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  return {
    chunk(line) {
      if (!model && typeof line?.model === 'string' && line.model !== '') model = line.model
      if (isOutput(line)) call.chunk()
      if (line?.done === true) usage = ollamaUsage(line)
    },
    end: () => call.end({ usage, responseModel: model }),
    fail: (error) => call.fail(error, streamErrorType(error)),
    abandon: () => call.cancel(),
  }
}

/**
 * Observes the `AbortableAsyncIterator` a streamed call resolved to, in place; false when `stream`
 * is not one (another SDK version), so the caller can end the call another way.
 */
export function observeOllamaStream(stream: unknown, call: LlmCall, isOutput: IsOutput): boolean {
  const target = stream as {
    [Symbol.asyncIterator]?: () => AsyncIterator<Line>
    abort?: () => void
  } | null
  const iterate = target?.[Symbol.asyncIterator]
  if (!target || typeof iterate !== 'function') return false
  const observed = handlers(call, isOutput)
  // The host may drop the stream without iterating it, or drop an iterator half-read: the call then
  // ends when what it holds is collected.
  const lifetime = new CallLifetime(call, true)
  lifetime.tieTo(target)
  target[Symbol.asyncIterator] = function (this: unknown) {
    // Each iteration gets the SDK's own generator, observed; the call records once (a second
    // iteration after the first ended finds it ended).
    const iterator = observeIterator(iterate.call(this), observed)
    lifetime.tieTo(iterator)
    return iterator
  }
  const abort = target.abort
  if (typeof abort === 'function') {
    target.abort = function (this: unknown) {
      try {
        call.cancel()
      } catch (err) {
        log.debug('recording an aborted stream failed', err)
      }
      return abort.call(this)
    }
  }
  return true
}
