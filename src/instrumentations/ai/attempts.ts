/**
 * The AI SDK retries failed model calls itself (`maxRetries`, default 2) by calling the model
 * again, so the middleware sees each attempt as a separate call. To still count rate limits and
 * retries per HTTP attempt, each attempt reports its status, and an attempt that failed with a
 * retryable error (`APICallError.isRetryable`: 408, 409, 429, 5xx) is remembered by the identity
 * of its prompt: the AI SDK passes the very same prompt array to every attempt of one step, and
 * builds a new one for every new step or call. The next attempt with that prompt is a retry.
 *
 * @module
 */
import { classifyError, type ErrorType, errorTypeFromStatus } from '../../semconv/error-types.js'
import type { LlmCall } from '../../tracking/llm-call.js'

const retryable = new WeakMap<object, ErrorType>()

/** The object that identifies one step's attempts: its prompt, or the params themselves. */
export function attemptKey(params: unknown): object | undefined {
  const prompt = (params as { prompt?: unknown } | null | undefined)?.prompt
  if (prompt && typeof prompt === 'object') return prompt
  return params && typeof params === 'object' ? params : undefined
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode
  return typeof status === 'number' ? status : undefined
}

/** Called when an attempt starts: a retry carries the previous attempt's failure reason. */
export function beginAttempt(call: LlmCall, key: object | undefined): void {
  const previous = key ? retryable.get(key) : undefined
  if (previous === undefined || !key) return
  retryable.delete(key)
  // Stands for the failed attempt before this one, so the attempt below counts as its retry.
  call.httpAttempt(undefined, previous)
}

/** Called when an attempt got its response (or failed): counts 429s and retries. */
export function endAttempt(call: LlmCall, key: object | undefined, error?: unknown): void {
  if (error === undefined) {
    call.httpAttempt(200)
    return
  }
  const status = statusOf(error)
  const type = status === undefined ? classifyError(error) : errorTypeFromStatus(status)
  call.httpAttempt(status, status === undefined ? type : undefined)
  if (key && (error as { isRetryable?: unknown } | null)?.isRetryable === true) retryable.set(key, type)
}
