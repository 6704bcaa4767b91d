/**
 * Sees every HTTP attempt a client makes, including the ones its own retry loop repeats (the
 * SDKs retry 429s and 5xx internally, so a wrapper around `create()` alone would miss them). It
 * wraps the client's `fetch` once; each attempt is credited to the LLM call running in the current
 * async context (`llmCallContext`), so requests made outside an instrumented call pass untouched.
 *
 * @module
 */
import { classifyError, ERROR_TYPE } from '../../semconv/error-types.js'
import { llmCallContext } from '../../tracking/context.js'

const HOOKED = Symbol.for('llmeter.fetch-hook')

type Fetch = (url: unknown, init?: unknown) => Promise<{ status: number; headers?: unknown }>

/** Wraps `client.fetch` once (idempotent); never throws. */
export function hookAttempts(client: unknown): void {
  const target = client as { fetch?: Fetch; [HOOKED]?: true } | undefined
  if (!target || target[HOOKED] || typeof target.fetch !== 'function') return
  const original = target.fetch
  const hooked: Fetch = function (this: unknown, url, init) {
    const call = llmCallContext.getStore()
    const result = original.call(this, url, init)
    if (!call) return result
    return result.then(
      (response) => {
        call.httpAttempt(response?.status, undefined, response?.headers)
        return response
      },
      (error: unknown) => {
        // The SDKs time attempts out by aborting their own controller; a caller's abort ends the
        // call anyway, so an aborted attempt is counted as a timeout.
        const type = classifyError(error)
        call.httpAttempt(undefined, type === ERROR_TYPE.cancelled ? ERROR_TYPE.timeout : type)
        throw error
      },
    )
  }
  try {
    target.fetch = hooked
    Object.defineProperty(target, HOOKED, { value: true })
  } catch {
    // A frozen client: attempts are not counted, the final outcome still is.
  }
}
