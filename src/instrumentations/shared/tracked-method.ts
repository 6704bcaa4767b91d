/**
 * Wraps any named method of a client resource so each call runs as one tracked LLM call, for SDKs
 * whose methods are not a `create` on a resource holding `_client` (patch-method.ts): Mistral's
 * `chat.complete`/`chat.stream`, Cohere's `chat`/`chatStream`/`embed`. The description gets the
 * method's `this`, where those SDKs keep their base URL and options. The wrapper is marked, so
 * wrapping twice (a prototype patched at load, then `instrument(client)`) is a no-op, and it keeps
 * the original for unwrapping.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { type CallPlan, runTracked } from './tracked-call.js'

const WRAPPED = Symbol.for('llmeter.wrapped-method')

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

export interface MethodSpec {
  /** Describes one call from the method's `this` and the host's arguments; undefined leaves it untracked. */
  describe(self: unknown, args: unknown[]): CallPlan | undefined
  /** The object whose `fetch` sees each HTTP attempt (attempt-hook.ts), when the SDK has one. */
  fetchOwner?(self: unknown): unknown
}

/** A method that tracks each call; `original` is kept on it for unwrapping. */
function trackedMethod(original: Method, spec: MethodSpec, recorder: RecorderSource): Method {
  const wrapped: Method = function (this: unknown, ...args: unknown[]) {
    let owner: unknown
    try {
      owner = spec.fetchOwner?.(this)
    } catch {
      owner = undefined
    }
    return runTracked(original, this, args, owner, () => spec.describe(this, args), recorder)
  }
  wrapped[WRAPPED] = original
  return wrapped
}

/**
 * Wraps `owner[name]` in place, if it is a method and not wrapped yet; calls record into
 * `recorder()`. True when this call wrapped it. Never throws (a frozen owner stays unwrapped).
 *
 * @example
 * wrapMethod(Object.getPrototypeOf(client.chat), 'complete', { describe: describeComplete }, recorder)
 */
export function wrapMethod(owner: any, name: string, spec: MethodSpec, recorder: RecorderSource): boolean {
  const current = owner?.[name] as Method | undefined
  if (typeof current !== 'function' || current[WRAPPED]) return false
  try {
    owner[name] = trackedMethod(current, spec, recorder)
    return true
  } catch {
    return false
  }
}

/** Undoes {@link wrapMethod}; true when there was a wrapper to remove. */
export function unwrapMethod(owner: any, name: string): boolean {
  const current = owner?.[name] as Method | undefined
  if (typeof current !== 'function' || !current[WRAPPED]) return false
  try {
    owner[name] = current[WRAPPED]
    return true
  } catch {
    return false
  }
}
