/**
 * Sees every HTTP attempt of a Mistral call, those the SDK's retry loop repeats included. The
 * Speakeasy-generated client keeps its HTTP client private, but runs its own hooks around every
 * attempt: `beforeRequest` before each, then `afterSuccess` or `afterError` with the response.
 * llmeter registers one hook object on the client's `SDKHooks` (shared by the client and its
 * `chat`/`embeddings`), which credits each attempt to the call running in the same async context
 * and hands requests, responses and errors on unchanged. An attempt that got no response (a
 * connection error the SDK retries) is counted as `network` when the next one starts.
 *
 * @module
 */
import { guard } from '../../internal/guard.js'
import { classifyError, ERROR_TYPE } from '../../semconv/error-types.js'
import { llmCallContext } from '../../tracking/context.js'

const HOOKED = Symbol.for('llmeter.mistral.hooks')

interface SdkHooks {
  registerBeforeRequestHook(hook: unknown): void
  registerAfterSuccessHook(hook: unknown): void
  registerAfterErrorHook(hook: unknown): void
  [HOOKED]?: true
}

/** The call an attempt is credited to, as the async context holds it. */
type AttemptSink = NonNullable<ReturnType<typeof llmCallContext.getStore>>

interface ResponseLike {
  status?: number
  headers?: unknown
}

function attemptHooks() {
  // Calls whose current attempt has started and not yet had its response.
  const open = new WeakSet<AttemptSink>()
  const responded = (response: ResponseLike | null | undefined, error: unknown) => {
    const call = llmCallContext.getStore()
    if (!call) return
    open.delete(call)
    guard('mistral attempt', () => {
      if (typeof response?.status === 'number') call.httpAttempt(response.status, undefined, response.headers)
      else if (error) call.httpAttempt(undefined, classifyError(error))
    })
  }
  return {
    beforeRequest(_context: unknown, request: unknown) {
      const call = llmCallContext.getStore()
      if (call) {
        if (open.has(call)) guard('mistral attempt', () => call.httpAttempt(undefined, ERROR_TYPE.network))
        open.add(call)
      }
      return request
    },
    afterSuccess(_context: unknown, response: ResponseLike) {
      responded(response, undefined)
      return response
    },
    afterError(_context: unknown, response: ResponseLike | null, error: unknown) {
      responded(response, error)
      return { response, error }
    },
  }
}

/** Registers llmeter's attempt hooks on `sdk`'s hooks, once per hooks object; never throws. */
export function hookMistralAttempts(sdk: unknown): void {
  const hooks = (sdk as { _options?: { hooks?: SdkHooks } } | undefined)?._options?.hooks
  if (!hooks || hooks[HOOKED] || typeof hooks.registerAfterErrorHook !== 'function') return
  guard('mistral hooks', () => {
    Object.defineProperty(hooks, HOOKED, { value: true })
    const hook = attemptHooks()
    hooks.registerBeforeRequestHook(hook)
    hooks.registerAfterSuccessHook(hook)
    hooks.registerAfterErrorHook(hook)
  })
}
