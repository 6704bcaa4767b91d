/**
 * Observes a stream object the host consumes with `for await`, for SDKs whose stream keeps no
 * `iterator` source function to wrap (stream-observer.ts `observeStreamObject`): Mistral's
 * `EventStream` (a web `ReadableStream`) and Cohere's `Stream`. The host keeps the very same
 * object; it gets an own `[Symbol.asyncIterator]` (and, on a ReadableStream, own `values()` and
 * `getReader()`) that hand out exactly what the originals do, through the one iterator observer.
 * With a lifetime, the call follows the stream until it is consumed, then the iterator or reader.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import { type Lifetime, observeIterator, type StreamHandlers } from './stream-observer.js'

type Source<T> = (...args: unknown[]) => AsyncIterator<T>

interface ReaderLike<T> {
  read(): Promise<IteratorResult<T>>
  cancel(reason?: unknown): Promise<void>
}

function tie(lifetime: Lifetime | undefined, target: object): void {
  if (lifetime) guard('stream lifetime', () => lifetime.tieTo(target))
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true })
}

/** Observes the reader `getReader()` returns: its reads are the iterator's steps. */
function observeReader<T>(reader: ReaderLike<T>, handlers: StreamHandlers<T>): void {
  const read = reader.read
  const cancel = reader.cancel
  const observed = observeIterator<T>(
    {
      next: () => read.call(reader),
      return: (reason?: unknown) =>
        cancel.call(reader, reason).then(() => ({ done: true, value: undefined })),
    } as AsyncIterator<T>,
    handlers,
  )
  define(reader, 'read', () => observed.next())
  define(reader, 'cancel', (reason?: unknown) => observed.return!(reason).then(() => undefined))
}

/**
 * Makes `stream` report to `handlers` when the host iterates it (or reads it through
 * `getReader()`). Returns false, changing nothing, when it is not async-iterable or cannot be
 * changed (frozen).
 */
export function observeAsyncIterable<T>(
  stream: unknown,
  handlers: StreamHandlers<T>,
  lifetime?: Lifetime,
): boolean {
  const target = stream as Record<PropertyKey, unknown> | null
  const iterate = target?.[Symbol.asyncIterator] as Source<T> | undefined
  if (!target || typeof iterate !== 'function' || Object.isFrozen(target)) return false
  try {
    // True while an original iterator is being made: one built on `getReader()` (a polyfill) is
    // observed once, as the iterator.
    let making = false
    const observe = (original: Source<T>) =>
      function (this: unknown, ...args: unknown[]) {
        making = true
        let inner: AsyncIterator<T>
        try {
          inner = original.apply(this, args)
        } finally {
          making = false
        }
        const iterator = observeIterator(inner, handlers)
        tie(lifetime, iterator)
        return iterator
      }
    define(target, Symbol.asyncIterator, observe(iterate))
    if (typeof target.values === 'function') define(target, 'values', observe(target.values as Source<T>))
    const getReader = target.getReader
    if (typeof getReader === 'function') {
      define(target, 'getReader', function (this: unknown, ...args: unknown[]) {
        const reader = getReader.apply(this, args) as ReaderLike<T>
        // A byob reader reads bytes into the host's buffers: not an event stream's way.
        const byob = (args[0] as { mode?: string } | undefined)?.mode === 'byob'
        if (!making && !byob && reader && typeof reader.read === 'function') {
          guard('stream reader', () => observeReader(reader, handlers))
          tie(lifetime, reader)
        }
        return reader
      })
    }
  } catch {
    return false
  }
  tie(lifetime, target)
  return true
}
