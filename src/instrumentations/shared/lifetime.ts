/**
 * The last resort for calls the host never finishes, shared by every client: a request whose
 * promise is dropped unparsed, a stream never iterated, an iterator dropped mid-way without
 * `break`/`return()`, a LangChain stream the caller broke out of (LangChain then calls no end
 * handler). The call is tied to whatever object the host must hold to finish it, and ends when that
 * object is garbage-collected, so active requests come back down. Garbage collection decides
 * when; streams the host breaks out of or finishes end at once through the stream observer.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'

// One registry for the process: a FinalizationRegistry is the only way to learn that the host
// dropped an object, and one is enough for every client. Held values never reference the objects
// they watch (that would keep them alive forever).
const registry = new FinalizationRegistry<() => void>((onCollected) => {
  try {
    onCollected()
  } catch {
    // Never throw from a finalizer.
  }
})

/**
 * Calls `onCollected` once `target` is garbage-collected, unless {@link forget} is called with
 * `token` first.
 *
 * @example
 * whenCollected(extra.options, () => cancelRun(runId), run)
 */
export function whenCollected(target: unknown, onCollected: () => void, token: object): void {
  if (target && typeof target === 'object') registry.register(target, onCollected, token)
}

/** Drops the registration made with `token` (the call ended normally). */
export function forget(token: object): void {
  registry.unregister(token)
}

/**
 * Which object currently keeps one call alive. The object changes during a call's life, and
 * tying it to the wrong one cancels live streams (the `APIPromise` is dropped right after `await`
 * while its stream is still read), so the call moves from the promise (until parsed) to the
 * `Stream` (until iterated) to each iterator handed out. A collected stream ends as `cancelled`,
 * a collected plain request as ended.
 */
export class CallLifetime {
  private token: object | undefined
  private readonly onCollected: () => void

  constructor(
    private readonly call: LlmCall,
    streaming: boolean,
  ) {
    this.onCollected = () => {
      if (call.ended) return
      if (streaming) call.cancel()
      else call.end()
    }
  }

  /** From now on the call ends when `target` is collected (and no longer with the previous one). */
  tieTo(target: object): void {
    if (this.call.ended) return
    if (this.token) forget(this.token)
    this.token = {}
    whenCollected(target, this.onCollected, this.token)
  }
}
