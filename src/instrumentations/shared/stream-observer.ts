/**
 * The one stream observer every client uses: it watches a stream the host consumes (an SDK's async
 * iterator, or a web `ReadableStream` such as the AI SDK's model stream) without changing what the
 * host sees. Every chunk, the end, an error, and an early exit (`break`, `return()`, `cancel()`)
 * are reported to handlers, the last three once; chunks, their order and errors are exactly the
 * source's. A handler that throws is ignored. The per-chunk work is one `then` and the handler.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'

export interface StreamHandlers<T> {
  /** Each chunk, before the host sees it. */
  chunk(value: T): void
  /** True to keep a chunk from the host (a usage-only chunk llmeter asked for itself). */
  hide?(value: T): boolean
  /** The stream ended normally. */
  end(): void
  /** The stream failed with `error` (the host gets the very same error). */
  fail(error: unknown): void
  /** The host stopped iterating before the end. */
  abandon(): void
}

const quiet = (what: string, fn: () => void) => guard(`stream ${what} handler`, fn)

/** An async iterator that yields exactly what `inner` yields and reports to `handlers`. */
export function observeIterator<T>(
  inner: AsyncIterator<T>,
  handlers: StreamHandlers<T>,
): AsyncIterableIterator<T> {
  let settled = false
  const settle = (fn: () => void, what: string) => {
    if (settled) return
    settled = true
    quiet(what, fn)
  }
  const step = (result: IteratorResult<T>): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (result.done) {
      settle(() => handlers.end(), 'end')
      return result
    }
    quiet('chunk', () => handlers.chunk(result.value))
    if (handlers.hide) {
      let hidden = false
      quiet('hide', () => {
        hidden = handlers.hide!(result.value)
      })
      if (hidden) return observed.next()
    }
    return result
  }
  const failed = (error: unknown): never => {
    settle(() => handlers.fail(error), 'fail')
    throw error
  }
  const observed: AsyncIterableIterator<T> = {
    next: (...args: [] | [unknown]) => inner.next(...args).then(step, failed),
    return: (value?: unknown) => {
      settle(() => handlers.abandon(), 'abandon')
      return inner.return ? inner.return(value) : Promise.resolve({ done: true, value: value as T })
    },
    throw: (error?: unknown) => {
      settle(() => handlers.fail(error), 'fail')
      return inner.throw ? inner.throw(error) : Promise.reject(error)
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
  return observed
}

/** What keeps a call alive while the host holds a stream (see finalize.ts). */
export interface Lifetime {
  tieTo(target: object): void
}

/**
 * Makes a client's stream object report to `handlers` when iterated. The SDKs' `Stream` keeps its
 * source in an `iterator` function that iteration, `tee()` and `toReadableStream()` all start from,
 * so replacing it observes every way of consuming the stream, once. With a `lifetime`, the call
 * follows the stream until it is iterated, then the iterator the host (or `tee()`) holds.
 */
export function observeStreamObject<T>(
  stream: unknown,
  handlers: StreamHandlers<T>,
  lifetime?: Lifetime,
): boolean {
  const target = stream as {
    iterator?: (...args: unknown[]) => AsyncIterator<T>
    controller?: { signal?: AbortSignal }
  } | null
  if (!target || typeof target.iterator !== 'function') return false
  // The SDKs' streams end quietly (no error) when their controller is aborted, e.g. by
  // `MessageStream.abort()`: such an end is a cancellation, not a success.
  const observed: StreamHandlers<T> = {
    ...handlers,
    end: () => (target.controller?.signal?.aborted ? handlers.abandon() : handlers.end()),
  }
  const original = target.iterator
  target.iterator = function (this: unknown, ...args: unknown[]) {
    const iterator = observeIterator(original.apply(this, args), observed)
    tie(lifetime, iterator)
    return iterator
  }
  tie(lifetime, target)
  return true
}

function tie(lifetime: Lifetime | undefined, target: object): void {
  if (!lifetime) return
  quiet('lifetime', () => lifetime.tieTo(target))
}

/**
 * Returns a stream that yields exactly the chunks of `source`, reporting them to `handlers`. A
 * pull stream rather than `pipeThrough(TransformStream)`: a transformer's `cancel` runs both when
 * the consumer cancels and when the source errors, and those must differ (abandoned vs. failed).
 * It pulls one chunk at a time, only when the consumer asks, so no read-ahead changes the timing.
 */
export function observeReadable<T>(
  source: ReadableStream<T>,
  handlers: StreamHandlers<T>,
): ReadableStream<T> {
  const reader = source.getReader()
  let settled = false
  const settle = (fn: () => void, what: string) => {
    if (settled) return
    settled = true
    quiet(what, fn)
  }
  return new ReadableStream<T>(
    {
      async pull(controller) {
        let next: Awaited<ReturnType<ReadableStreamDefaultReader<T>['read']>>
        try {
          next = await reader.read()
        } catch (error) {
          settle(() => handlers.fail(error), 'fail')
          controller.error(error)
          return
        }
        if (next.done) {
          settle(() => handlers.end(), 'end')
          controller.close()
          return
        }
        quiet('chunk', () => handlers.chunk(next.value))
        controller.enqueue(next.value)
      },
      cancel(reason) {
        settle(() => handlers.abandon(), 'abandon')
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
