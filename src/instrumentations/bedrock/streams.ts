/**
 * The two Bedrock event streams, observed where the host reads them. `send` resolves with an output
 * whose `stream` (ConverseStream) or `body` (InvokeModelWithResponseStream) is an async iterable of
 * decoded events; llmeter replaces that object's `Symbol.asyncIterator` in place, so the output and
 * the iterable stay the host's very objects, events come through unchanged, and `break` or an abort
 * reach the SDK's own iterator (which closes the HTTP/2 stream). Exceptions inside the stream
 * (`modelStreamErrorException`, `throttlingException`, ...) make the SDK's iterator throw the named
 * exception, which is classified like an HTTP one.
 *
 * @module
 */
import { ERROR_TYPE } from '../../semconv/error-types.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { CallLifetime } from '../shared/lifetime.js'
import { observeIterator, type StreamHandlers } from '../shared/stream-observer.js'
import { bedrockErrorType } from './errors.js'
import { converseUsage, invocationMetricsUsage, streamChunkMetrics } from './usage.js'

type Event = Record<string, any>

/**
 * How a stream ends. Both streams close with a final event (`metadata`, the chunk with the metrics);
 * when the connection drops or the host aborts the call (`abortSignal`), the SDK ends the iteration
 * quietly, as if complete. So a stream that ends before its final event is `cancelled` when the
 * host's signal is aborted, else failed (`network`), though the host saw no error.
 */
function ending(
  call: LlmCall,
  usage: () => LlmUsage | undefined,
  signal: AbortSignal | undefined,
): Omit<StreamHandlers<Event>, 'chunk'> {
  return {
    end: () => {
      const final = usage()
      if (final) call.end({ usage: final })
      else if (signal?.aborted) call.cancel()
      else call.fail(undefined, ERROR_TYPE.network)
    },
    fail: (error) => call.fail(error, bedrockErrorType(error)),
    abandon: () => call.cancel(),
  }
}

/** ConverseStream: output chunks are `contentBlockDelta` events; usage is in the last, `metadata`. */
export function converseStreamHandlers(call: LlmCall, signal?: AbortSignal): StreamHandlers<Event> {
  let usage: LlmUsage | undefined
  return {
    chunk(event) {
      if (event?.contentBlockDelta) call.chunk()
      else if (event?.metadata) usage = converseUsage(event.metadata.usage)
    },
    ...ending(call, () => usage, signal),
  }
}

/**
 * InvokeModelWithResponseStream: every `chunk` is one event of the model's own format; Bedrock adds
 * `amazon-bedrock-invocationMetrics` to the last one, the only chunk llmeter parses. The other
 * chunks count as output chunks.
 */
export function invokeStreamHandlers(call: LlmCall, signal?: AbortSignal): StreamHandlers<Event> {
  let usage: LlmUsage | undefined
  return {
    chunk(event) {
      const bytes = event?.chunk?.bytes
      if (!(bytes instanceof Uint8Array)) return
      const metrics = streamChunkMetrics(bytes)
      if (metrics === undefined) call.chunk()
      else usage = invocationMetricsUsage(metrics)
    },
    ...ending(call, () => usage, signal),
  }
}

/**
 * Observes the event stream at `output[key]` in place; false when there is none to observe. Until
 * iterated, the call lives as long as the stream object; then as long as the iterator the host holds.
 */
export function observeEventStream(
  output: unknown,
  key: 'stream' | 'body',
  call: LlmCall,
  handlers: StreamHandlers<Event>,
): boolean {
  const stream = (output as Record<string, unknown> | undefined)?.[key] as
    | { [Symbol.asyncIterator]?: () => AsyncIterator<Event> }
    | undefined
  const original = stream?.[Symbol.asyncIterator]
  if (!stream || typeof original !== 'function') return false
  const lifetime = new CallLifetime(call, true)
  try {
    Object.defineProperty(stream, Symbol.asyncIterator, {
      configurable: true,
      writable: true,
      value: function (this: unknown) {
        const iterator = observeIterator(original.call(this), handlers)
        lifetime.tieTo(iterator)
        return iterator
      },
    })
  } catch {
    // A frozen stream object: the call ends now, without its stream's usage.
    return false
  }
  lifetime.tieTo(stream)
  return true
}
