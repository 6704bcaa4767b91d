/**
 * What a language model's stream of parts (`doStream().stream`) means for its call, observed on
 * its way to the AI SDK through the shared stream observer: every text, reasoning or tool-input
 * delta is an output chunk (the first one is the time to first chunk), `response-metadata` names
 * the response model, and `finish` carries the usage. The call ends once: at the end of the stream
 * (failed if an `error` part or a read error came), or as `cancelled` when the consumer cancels
 * the stream before its end.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { observeReadable } from '../shared/stream-observer.js'
import { aiUsage } from './usage.js'

interface StreamPart {
  type?: string
  usage?: unknown
  modelId?: unknown
  error?: unknown
}

const OUTPUT_PARTS = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta', 'file'])

/**
 * Returns a stream that yields exactly the parts of `source`, recording them on `call`.
 *
 * @example
 * const result = await doStream()
 * return { ...result, stream: observeModelStream(result.stream, call) }
 */
export function observeModelStream<T>(source: ReadableStream<T>, call: LlmCall): ReadableStream<T> {
  let usage: LlmUsage | undefined
  let model: string | undefined
  let failed = false
  let error: unknown
  return observeReadable(source, {
    chunk(value) {
      const part = value as StreamPart | undefined
      const type = part?.type
      if (type === undefined) return
      if (OUTPUT_PARTS.has(type)) call.chunk()
      else if (type === 'response-metadata' && typeof part?.modelId === 'string') model = part.modelId
      else if (type === 'finish') usage = aiUsage(part?.usage)
      else if (type === 'error' && !failed) {
        failed = true
        error = part?.error
      }
    },
    end() {
      if (failed) call.fail(error)
      else call.end({ usage, responseModel: model })
    },
    fail: (readError) => call.fail(readError),
    abandon: () => call.cancel(),
  })
}
