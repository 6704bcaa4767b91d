/**
 * The last resort for LLM runs LangChain never ends: a caller that breaks out of
 * `model.stream()` gets no `handleLLMEnd` nor `handleLLMError` (LangChain's stream generator is
 * just returned). The run's call options object (`extra.options` in `handleChatModelStart`) lives
 * as long as the run's generator; when it is garbage-collected and the run is still open, the run
 * ends as `cancelled`, so active requests come back down. Garbage collection decides when.
 *
 * @module
 */

const registry = new FinalizationRegistry<() => void>((onCollected) => {
  try {
    onCollected()
  } catch {
    // Never throw from a finalizer.
  }
})

/**
 * Calls `onCollected` once `target` is collected, unless {@link forget} was called with `token`.
 *
 * @example
 * whenCollected(extra.options, () => cancelRun(runId), run)
 */
export function whenCollected(target: unknown, onCollected: () => void, token: object): void {
  if (target && typeof target === 'object') registry.register(target, onCollected, token)
}

/** Drops the registration made with `token` (the run ended normally). */
export function forget(token: object): void {
  registry.unregister(token)
}
