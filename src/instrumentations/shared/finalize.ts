/**
 * The last resort for calls the host never finishes: a response never parsed, a stream never
 * iterated or dropped mid-way without `break`. When the object is garbage-collected, the call ends
 * (a stream as `cancelled`), so active requests come back down. Garbage collection decides when;
 * streams the host breaks out of or finishes are ended at once by the stream observer.
 *
 * @module
 */
import type { LlmCall } from '../../tracking/llm-call.js'

const registry = new FinalizationRegistry<{ call: LlmCall; streaming: boolean }>(({ call, streaming }) => {
  if (call.ended) return
  if (streaming) call.cancel()
  else call.end()
})

/** Ends `call` when `target` is collected, if nothing ended it before. */
export function endWhenCollected(target: object, call: LlmCall, streaming: boolean): void {
  registry.register(target, { call, streaming })
}
