/**
 * Wraps a vector-store client's query method so each call runs as one tracked retrieval
 * (tracking/retrieval.ts). Like the LLM `create` wrapper, the wrapper is marked, so wrapping twice
 * (a prototype patched at load, then `instrument(client)`) is a no-op, and it keeps the original
 * for unpatching.
 *
 * @module
 */
import type { RecorderSource } from '../../recording/registry.js'
import { type RetrievalPlan, runRetrieval } from '../../tracking/retrieval.js'

const WRAPPED = Symbol.for('llmeter.retrieval.wrapped')

type Method = ((...args: unknown[]) => unknown) & { [WRAPPED]?: Method }

/** Describes one call from the client object and the host's arguments; undefined leaves it untracked. */
export type DescribeRetrieval = (self: any, args: unknown[]) => RetrievalPlan<any> | undefined

/**
 * Wraps `owner[name]` in place, if it is a function not wrapped yet; calls record into
 * `recorder()`. True when this call wrapped it.
 */
export function wrapRetrieval(
  owner: any,
  name: string,
  describe: DescribeRetrieval,
  recorder: RecorderSource,
): boolean {
  const original = owner?.[name] as Method | undefined
  if (typeof original !== 'function' || original[WRAPPED]) return false
  const wrapped: Method = function (this: unknown, ...args: unknown[]) {
    return runRetrieval(original, this, args, () => describe(this, args), recorder)
  }
  wrapped[WRAPPED] = original
  owner[name] = wrapped
  return true
}

/** Undoes {@link wrapRetrieval}; true when there was a wrapper to remove. */
export function unwrapRetrieval(owner: any, name: string): boolean {
  const method = owner?.[name] as Method | undefined
  if (typeof method !== 'function' || !method[WRAPPED]) return false
  owner[name] = method[WRAPPED]
  return true
}
