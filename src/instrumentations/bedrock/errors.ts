/**
 * Bedrock failures -> the `error.type` taxonomy. The AWS SDK names each modeled exception
 * (`error.name`, the same inside an event stream as on an HTTP error) and carries the HTTP status
 * in `$metadata.httpStatusCode`, not in the `status` the shared classifier reads; names from the
 * Bedrock Runtime API reference come first, then the status, then the shared classifier (network
 * codes, timeouts, aborts).
 *
 * @module
 */
import { classifyError, ERROR_TYPE, type ErrorType, errorTypeFromStatus } from '../../semconv/error-types.js'

const BY_NAME: ReadonlyMap<string, ErrorType> = new Map([
  ['ThrottlingException', ERROR_TYPE.rateLimit],
  ['ServiceQuotaExceededException', ERROR_TYPE.rateLimit],
  ['InternalServerException', ERROR_TYPE.serverError],
  ['ServiceUnavailableException', ERROR_TYPE.serverError],
  ['ModelStreamErrorException', ERROR_TYPE.serverError],
  ['ModelErrorException', ERROR_TYPE.serverError],
  ['ModelNotReadyException', ERROR_TYPE.serverError],
  ['ModelTimeoutException', ERROR_TYPE.timeout],
  ['ValidationException', ERROR_TYPE.invalidRequest],
  ['ResourceNotFoundException', ERROR_TYPE.invalidRequest],
  ['ConflictException', ERROR_TYPE.invalidRequest],
  ['AccessDeniedException', ERROR_TYPE.auth],
  ['UnrecognizedClientException', ERROR_TYPE.auth],
  ['ExpiredTokenException', ERROR_TYPE.auth],
  ['InvalidSignatureException', ERROR_TYPE.auth],
])

/** Bedrock's words for a prompt longer than the model's context window (a ValidationException). */
const TOO_LONG = /input is too long|too many input tokens|context window|context length/i

/** The HTTP status of an SDK error, when it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { $metadata?: { httpStatusCode?: unknown }; $response?: { statusCode?: unknown } }
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode
  return typeof status === 'number' && status >= 100 ? status : undefined
}

/**
 * The taxonomy value of a Bedrock failure; never throws.
 *
 * @example
 * bedrockErrorType(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })) // 'rate_limit'
 */
export function bedrockErrorType(error: unknown): ErrorType {
  try {
    const e = error as { name?: unknown; message?: unknown } | null
    const named = typeof e?.name === 'string' ? BY_NAME.get(e.name) : undefined
    if (named === ERROR_TYPE.invalidRequest && typeof e?.message === 'string' && TOO_LONG.test(e.message))
      return ERROR_TYPE.contextLength
    if (named) return named
    const shared = classifyError(error)
    if (shared !== ERROR_TYPE.other) return shared
    const status = httpStatusOf(error)
    return status === undefined ? ERROR_TYPE.other : errorTypeFromStatus(status)
  } catch {
    return ERROR_TYPE.other
  }
}
