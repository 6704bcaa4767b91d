/**
 * Observes a language model's stream of parts (`doStream().stream`) on its way to the AI SDK:
 * every text, reasoning or tool-input delta is an output chunk (the first one is the time to first
 * chunk), `response-metadata` names the response model, and `finish` carries the usage. The call
 * ends once: at the end of the stream (failed if an `error` part or a read error came), or as
 * `cancelled` when the consumer cancels the stream before its end.
 *
 * A hand-written pull stream rather than `pipeThrough(TransformStream)`: a transformer's `cancel`
 * hook runs both when the consumer cancels and when the source errors, and those must differ
 * (cancelled vs. a cut connection).
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { LlmCall } from '../../tracking/llm-call.js'
import type { LlmUsage } from '../../tracking/usage.js'
import { errorTypeOf } from './errors.js'
import { aiUsage } from './usage.js'

interface StreamPart {
  type?: string
  usage?: unknown
  modelId?: unknown
  error?: unknown
}

const OUTPUT_PARTS = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta', 'file'])

/** Per-stream state; kept apart from the stream so a bug here never breaks the host's reads. */
class PartWatcher {
  usage: LlmUsage | undefined
  model: string | undefined
  error: unknown
  failed = false

  constructor(private readonly call: LlmCall) {}

  see(part: StreamPart | undefined): void {
    const type = part?.type
    if (type === undefined) return
    if (OUTPUT_PARTS.has(type)) this.call.chunk()
    else if (type === 'response-metadata' && typeof part?.modelId === 'string') this.model = part.modelId
    else if (type === 'finish') this.usage = aiUsage(part?.usage)
    else if (type === 'error' && !this.failed) {
      this.failed = true
      this.error = part?.error
    }
  }

  done(): void {
    if (this.failed) this.call.fail(this.error, errorTypeOf(this.error))
    else this.call.end({ usage: this.usage, responseModel: this.model })
  }
}

/**
 * Returns a stream that yields exactly the parts of `source`, recording them on `call`.
 *
 * @example
 * const result = await doStream()
 * return { ...result, stream: observeModelStream(result.stream, call) }
 */
export function observeModelStream<T>(source: ReadableStream<T>, call: LlmCall): ReadableStream<T> {
  const reader = source.getReader()
  const watcher = new PartWatcher(call)
  const watch = (part: T) => {
    try {
      watcher.see(part as StreamPart)
    } catch (err) {
      log.debug('observing an AI SDK stream part failed', err)
    }
  }
  return new ReadableStream<T>(
    {
      async pull(controller) {
        let next: Awaited<ReturnType<ReadableStreamDefaultReader<T>['read']>>
        try {
          next = await reader.read()
        } catch (error) {
          call.fail(error, errorTypeOf(error))
          controller.error(error)
          return
        }
        if (next.done) {
          watcher.done()
          controller.close()
          return
        }
        watch(next.value)
        controller.enqueue(next.value)
      },
      cancel(reason) {
        call.cancel()
        return reader.cancel(reason)
      },
    },
    // Pull one part at a time, only when the consumer asks: no read-ahead changes the timing the
    // AI SDK sees.
    { highWaterMark: 0 },
  )
}
