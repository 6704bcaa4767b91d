/**
 * The last resort for calls the host never finishes: a request whose promise is dropped unparsed,
 * a stream never iterated, or an iterator dropped mid-way without `break`/`return()`. A call is
 * tied to whatever object the host must hold to finish it, and ends when that object is
 * garbage-collected (a stream as `cancelled`), so active requests come back down.
 *
 * The object changes during a call's life, and tying it to the wrong one cancels live streams: the
 * `APIPromise` is dropped right after `await` while its stream is still read. So the call moves
 * from the promise (until parsed) to the `Stream` (until iterated) to each iterator handed out.
 * Garbage collection decides when; streams the host breaks out of or finishes end at once through
 * the stream observer, never here.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'

interface Held {
  readonly call: LlmCall
  readonly streaming: boolean
}

const registry = new FinalizationRegistry<Held>(({ call, streaming }) => {
  if (call.ended) return
  if (streaming) call.cancel()
  else call.end()
})

/**
 * Which object currently keeps one call alive. The held value never references the objects it
 * watches (that would keep them alive forever): only the call and a flag.
 */
export class CallLifetime {
  private readonly held: Held
  private token: object | undefined

  constructor(call: LlmCall, streaming: boolean) {
    this.held = { call, streaming }
  }

  /** From now on the call ends when `target` is collected (and no longer with the previous one). */
  tieTo(target: object): void {
    if (this.held.call.ended) return
    if (this.token) registry.unregister(this.token)
    this.token = {}
    registry.register(target, this.held, this.token)
  }
}
