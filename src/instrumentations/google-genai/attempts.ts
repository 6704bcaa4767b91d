/**
 * Every HTTP attempt of a Gemini call. `@google/genai` retries only when `httpOptions.retryOptions`
 * is set (then 408, 429 and 5xx by default, with exponential backoff from `initialDelay`; it does
 * not read `retry-after`), inside its `ApiClient.apiCall`, which takes the fetch to use as an
 * argument. llmeter wraps that method on the client's `ApiClient` instance (the class is not
 * exported) so each attempt of an instrumented call goes through the shared attempt hook
 * (shared/attempt-hook.ts): a 429 counts as a rate limit, each attempt after the first as a retry.
 * The fetch the SDK would use (the user's `httpOptions.fetch`, else the global one) is the one
 * called; the SDK's choice of dispatcher is made before and is unchanged. The SDK's timeout
 * (`httpOptions.timeout`, per attempt) aborts the request as a caller's abort does; an abort the
 * caller's `abortSignal` did not cause is recorded as `timeout`.
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import { classifyError, ERROR_TYPE, type ErrorType } from '../../semconv/error-types.js'
import { llmCallContext } from '../../tracking/context.js'
import { hookAttempts } from '../shared/attempt-hook.js'

const HOOKED = Symbol.for('llmeter.genai-api-call')

type ApiCall = (
  url: unknown,
  init: unknown,
  retryOptions: unknown,
  timeout: unknown,
  signal: unknown,
  fetchFn?: unknown,
  ...rest: unknown[]
) => unknown

/** Wraps `apiClient.apiCall` once (idempotent); never throws. */
export function hookApiCalls(apiClient: unknown): void {
  const target = apiClient as { apiCall?: ApiCall; [HOOKED]?: true } | null | undefined
  if (!target || target[HOOKED] || typeof target.apiCall !== 'function') return
  const original = target.apiCall
  const hooked: ApiCall = function (
    this: unknown,
    url,
    init,
    retryOptions,
    timeout,
    signal,
    fetchFn,
    ...rest
  ) {
    const call = llmCallContext.getStore()
    if (!call) return original.call(this, url, init, retryOptions, timeout, signal, fetchFn, ...rest)
    let attemptFetch = fetchFn
    try {
      const holder = { fetch: typeof fetchFn === 'function' ? fetchFn : globalThis.fetch }
      hookAttempts(holder)
      attemptFetch = holder.fetch
    } catch (err) {
      log.debug('could not watch the attempts of a Gemini call', err)
    }
    const result = original.call(this, url, init, retryOptions, timeout, signal, attemptFetch, ...rest)
    // The SDK's timeout aborts the attempt as a caller's abort would: tell them apart before the
    // call is ended from the rejection (which reads as `cancelled`).
    if (result instanceof Promise)
      result.then(undefined, (error: unknown) => {
        const type = abortType(error, signal)
        // The store is the LlmCall runTracked runs the request in (typed narrower in context.ts).
        if (type) (call as { fail?: (error: unknown, type: ErrorType) => void }).fail?.(error, type)
      })
    return result
  }
  try {
    Object.defineProperty(target, 'apiCall', { value: hooked, writable: true, configurable: true })
    Object.defineProperty(target, HOOKED, { value: true })
  } catch {
    // A frozen client: attempts are not counted, the final outcome still is.
  }
}

/**
 * `timeout` for an abort the caller did not ask for (its `abortSignal` is not aborted): only the
 * SDK's own `httpOptions.timeout` aborts a request then. Undefined for any other error.
 */
export function abortType(error: unknown, callerSignal: unknown): ErrorType | undefined {
  if (classifyError(error) !== ERROR_TYPE.cancelled) return undefined
  return (callerSignal as AbortSignal | undefined)?.aborted ? undefined : ERROR_TYPE.timeout
}
