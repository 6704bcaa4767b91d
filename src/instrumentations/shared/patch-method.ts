/**
 * Wraps a client's `create` method so each call runs as one tracked LLM call. The wrapper is
 * marked, so wrapping twice (a prototype patched at load, then `instrument(client)`) is a no-op,
 * and it keeps the original for unpatching.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { type CallPlan, runTracked } from './tracked-call.js'

const WRAPPED = Symbol.for('llmeter.wrapped')

/** Describes one call from the client and the host's arguments; undefined leaves it untracked. */
export type Describe = (client: unknown, args: unknown[]) => CallPlan | undefined
export type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

/** A `create` that tracks the call; `original` is kept on it for unwrapping. */
export function trackedCreate(original: Method, describe: Describe, recorder: RecorderSource): Method {
  if (original[WRAPPED]) return original
  const wrapped: Method = function (this: { _client?: unknown }, ...args: unknown[]) {
    // Resources keep their client in `_client` (openai 5+, @anthropic-ai/sdk 0.30+).
    const client = this?._client
    return runTracked(original, this, args, client, () => describe(client, args), recorder)
  }
  wrapped[WRAPPED] = original
  return wrapped
}

/** Restores a method wrapped by {@link trackedCreate}. */
export function untracked(method: Method): Method {
  return method[WRAPPED] ?? method
}

/**
 * Wraps `owner.create` in place, if it has one and it is not wrapped yet; calls record into
 * `recorder()`. True when this call wrapped it.
 */
export function wrapCreate(owner: any, describe: Describe, recorder: RecorderSource): boolean {
  if (!owner || typeof owner.create !== 'function' || owner.create[WRAPPED]) return false
  owner.create = trackedCreate(owner.create, describe, recorder)
  return true
}

/** Undoes {@link wrapCreate}; true when there was a wrapper to remove. */
export function unwrapCreate(owner: any): boolean {
  if (!owner || typeof owner.create !== 'function' || !owner.create[WRAPPED]) return false
  owner.create = untracked(owner.create)
  return true
}
