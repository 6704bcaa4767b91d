/**
 * Runs one client method as a tracked LLM call without changing what the host gets back. The
 * SDKs return an `APIPromise` whose `parseResponse` is a plain property: llmeter wraps that
 * function, so parsing happens only when (and if) the host asks, `withResponse()`, `asResponse()`
 * and `_thenUnwrap()` keep working, and the very same object is returned. Failures are read from
 * the request promise; each HTTP attempt is seen through the client's `fetch` (attempt-hook.ts).
 *
 * @module
 */
import { log } from '../../internal/diag.js'
import type { RecorderSource } from '../../recording/registry.js'
import { llmCallContext } from '../../tracking/context.js'
import { type LlmCall, type LlmCallOptions, startLlmCall } from '../../tracking/llm-call.js'
import { hookAttempts } from './attempt-hook.js'
import { CallLifetime } from './lifetime.js'
import { chooseProvider } from './provider-choice.js'
import { recordRawResponse } from './raw-response.js'

export interface CallPlan {
  call: LlmCallOptions
  streaming: boolean
  /** Arguments to pass instead of the host's (e.g. a body that asks for stream usage). */
  args?: unknown[]
  /**
   * Records the parsed value: ends the call, or starts observing a stream (which then ties the
   * call's `lifetime` to the stream and its iterators).
   */
  onValue(value: unknown, call: LlmCall, lifetime?: CallLifetime): void
}

interface ApiPromiseLike {
  parseResponse?: (client: unknown, props: unknown) => Promise<unknown> | unknown
  responsePromise?: Promise<unknown>
  parsedPromise?: Promise<unknown>
  asResponse?: () => Promise<unknown>
  _thenUnwrap?: (transform: (value: unknown, props: unknown) => unknown, ...rest: unknown[]) => unknown
}

/** A rejection shaped like an APIPromise (or Cohere's HttpResponsePromise), for a call an enforced budget refused. */
function refused(error: Error): Promise<never> {
  const rejected = Promise.reject(error) as Promise<never> & Record<string, unknown>
  rejected.asResponse = () => rejected
  rejected.withResponse = () => rejected
  rejected.parse = () => rejected
  // Cohere's HttpResponsePromise
  rejected.withRawResponse = () => rejected
  return rejected
}

function observe(result: unknown, call: LlmCall, plan: CallPlan): void {
  const api = result as ApiPromiseLike | null
  if (api && typeof api.parseResponse === 'function' && api.responsePromise instanceof Promise) {
    // Until it is parsed, the host must hold the APIPromise to ever finish the call.
    const lifetime = new CallLifetime(call, plan.streaming)
    lifetime.tieTo(api)
    let recorded = false
    const record = (value: unknown) => {
      if (recorded) return
      recorded = true
      try {
        plan.onValue(value, call, lifetime)
      } catch (err) {
        log.debug('recording a response failed', err)
      }
    }
    const parse = api.parseResponse
    api.parseResponse = async function (this: unknown, client: unknown, props: unknown) {
      let value: unknown
      try {
        value = await parse.call(this, client, props)
      } catch (error) {
        call.fail(error)
        throw error
      }
      record(value)
      return value
    }
    // Helpers such as `chat.completions.parse()` derive a new promise with `_thenUnwrap`, which in
    // some SDK versions parses through a function captured at construction rather than the property:
    // see the parsed value on its way through the transform too.
    const unwrap = api._thenUnwrap
    if (typeof unwrap === 'function') {
      api._thenUnwrap = function (this: unknown, transform, ...rest) {
        const observed = (value: unknown, props: unknown) => {
          record(value)
          return transform(value, props)
        }
        return unwrap.call(this, observed, ...rest)
      }
    }
    // `asResponse()` before any parse hands the host the raw body, which the SDK never parses:
    // record the call from the response itself (`withResponse()` parses first, so it is skipped).
    const asResponse = api.asResponse
    if (typeof asResponse === 'function') {
      api.asResponse = function (this: ApiPromiseLike) {
        const response = asResponse.call(this)
        if (!this.parsedPromise && !recorded) {
          recorded = true
          recordRawResponse(response, call, plan.streaming, (value) => plan.onValue(value, call))
        }
        return response
      }
    }
    api.responsePromise.then(undefined, (error: unknown) => call.fail(error))
    return
  }
  // Not an APIPromise (another client version): observe it as a plain promise, side-channel.
  Promise.resolve(result).then(
    (value) => plan.onValue(value, call),
    (error: unknown) => call.fail(error),
  )
}

/**
 * Calls `original` on `self` with `args` as one tracked LLM call described by `describe`. Returns
 * exactly what `original` returns (or throws). Calls made while another instrumented call is
 * running in the same async context (an explicitly instrumented client on top of the automatic
 * patch) pass through, so nothing is counted twice.
 */
export function runTracked(
  original: (...args: unknown[]) => unknown,
  self: unknown,
  args: unknown[],
  client: unknown,
  describe: () => CallPlan | undefined,
  recorder: RecorderSource,
): unknown {
  if (llmCallContext.getStore()) return original.apply(self, args)
  let plan: CallPlan | undefined
  let call: LlmCall | undefined
  try {
    plan = describe()
    if (plan) {
      const into = recorder()
      plan.call.provider = chooseProvider(client, plan.call, into)
      call = startLlmCall({ stream: plan.streaming, ...plan.call }, into)
      hookAttempts(client)
    }
  } catch (err) {
    log.debug('could not start tracking a call', err)
  }
  if (!plan || !call || call.ended) {
    if (call?.blockedBy) return refused(call.blockedBy)
    return original.apply(self, args)
  }
  let result: unknown
  const tracked = call
  try {
    result = llmCallContext.run(tracked, () => original.apply(self, plan.args ?? args))
  } catch (error) {
    tracked.fail(error)
    throw error
  }
  try {
    observe(result, tracked, plan)
  } catch (err) {
    log.debug('could not observe a call', err)
  }
  return result
}
