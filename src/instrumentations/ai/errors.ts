/**
 * Error classification for framework errors that wrap the transport's: the AI SDK's
 * `APICallError` carries no status for a connection cut mid-stream, with the undici error two
 * causes down. The outer error is classified first; when that gives `_OTHER`, its causes are.
 *
 * @module
 */
import { classifyError, ERROR_TYPE, type ErrorType } from '../../semconv/error-types.js'

/**
 * The `error.type` of `error`, looking through up to three levels of `cause`.
 *
 * @example
 * errorTypeOf(new Error('Failed to process successful response', { cause: socketError })) // 'network'
 */
export function errorTypeOf(error: unknown): ErrorType {
  let current = error
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const type = classifyError(current)
    if (type !== ERROR_TYPE.other) return type
    current = (current as { cause?: unknown }).cause
  }
  return ERROR_TYPE.other
}
