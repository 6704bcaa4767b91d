/**
 * The `error.type` taxonomy. The conventions allow any low-cardinality string with `_OTHER` as
 * the fallback; llmeter maps every failure onto this closed set so dashboards and alerts can
 * rely on it. Instrumentations map their SDK's error classes here through {@link classifyError}.
 *
 * @module
 */

export const ERROR_TYPE = {
  /** HTTP 429 or a provider's "rate limited / overloaded" error. */
  rateLimit: 'rate_limit',
  /** HTTP 401/403: bad or missing credentials, or no permission. */
  auth: 'auth',
  /** The request or a stream read timed out. */
  timeout: 'timeout',
  /** The connection failed (DNS, refused, reset) before an HTTP status was received. */
  network: 'network',
  /** HTTP 400/404/409/422 other than the cases below. */
  invalidRequest: 'invalid_request',
  /** The prompt plus requested output exceeds the model's context window. */
  contextLength: 'context_length',
  /** The provider refused or cut the output for safety or content policy. */
  contentFilter: 'content_filter',
  /** HTTP 5xx (including Anthropic's 529 overloaded). */
  serverError: 'server_error',
  /** An llmeter budget with enforcement on was exhausted; the call was not sent. */
  budgetExceeded: 'budget_exceeded',
  /** The caller aborted, or broke out of / abandoned a stream before its end. */
  cancelled: 'cancelled',
  /** A response arrived but its body could not be read as what the API promises (bad JSON, wrong shape). */
  invalidResponse: 'invalid_response',
  /** The request could not be encoded before it was sent (a circular object, a BigInt). */
  serialization: 'serialization',
  /** Anything else. */
  other: '_OTHER',
} as const

export type ErrorType = (typeof ERROR_TYPE)[keyof typeof ERROR_TYPE]

const KNOWN = new Set<string>(Object.values(ERROR_TYPE))

/** True when `value` is one of the taxonomy's values. */
export function isErrorType(value: unknown): value is ErrorType {
  return typeof value === 'string' && KNOWN.has(value)
}

/** Maps an HTTP status code onto the taxonomy. */
export function errorTypeFromStatus(status: number): ErrorType {
  if (status === 429) return ERROR_TYPE.rateLimit
  if (status === 401 || status === 403) return ERROR_TYPE.auth
  if (status === 408) return ERROR_TYPE.timeout
  if (status === 413) return ERROR_TYPE.contextLength
  if (status >= 500) return ERROR_TYPE.serverError
  if (status >= 400) return ERROR_TYPE.invalidRequest
  return ERROR_TYPE.other
}

const CONTEXT_LENGTH_HINT =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long/i
const CONTENT_FILTER_HINT = /content[_ ]filter|content management policy|safety|responsible ?ai/i
/** What V8's `JSON.stringify` says about a value it cannot encode. */
const SERIALIZATION_HINT = /circular structure|serialize a BigInt|BigInt value can't be serialized/i
/** The AI SDK's names for a response it could not parse or validate. */
const INVALID_RESPONSE_NAMES = new Set([
  'AI_JSONParseError',
  'AI_InvalidResponseDataError',
  'AI_TypeValidationError',
])
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * The error kinds providers name in an error body's `type` or `code`. A stream that fails after its
 * 200 (an OpenAI chat chunk `{"error": {"type": "server_error"}}`, a Responses `response.failed`
 * or `error` event, an Anthropic `error` event) has no HTTP status to classify: this is all it says.
 * Sources: the OpenAI and Anthropic API references (error types, Responses error codes).
 */
const PROVIDER_ERROR_TYPES: ReadonlyMap<string, ErrorType> = new Map([
  // OpenAI
  ['server_error', ERROR_TYPE.serverError],
  ['rate_limit_exceeded', ERROR_TYPE.rateLimit],
  ['invalid_request_error', ERROR_TYPE.invalidRequest],
  ['invalid_prompt', ERROR_TYPE.invalidRequest],
  ['invalid_api_key', ERROR_TYPE.auth],
  ['vector_store_timeout', ERROR_TYPE.timeout],
  ['image_content_policy_violation', ERROR_TYPE.contentFilter],
  // Anthropic
  ['api_error', ERROR_TYPE.serverError],
  ['overloaded_error', ERROR_TYPE.serverError],
  ['rate_limit_error', ERROR_TYPE.rateLimit],
  ['authentication_error', ERROR_TYPE.auth],
  ['permission_error', ERROR_TYPE.auth],
  ['not_found_error', ERROR_TYPE.invalidRequest],
  ['request_too_large', ERROR_TYPE.contextLength],
  ['timeout_error', ERROR_TYPE.timeout],
])

/**
 * The provider error kind of `e`: its own `type`/`code` (SDK errors copy them from the body), else
 * the body's `error.type`/`error.code`, else Anthropic's envelope `error.error.type`.
 */
function providerErrorType(
  e: Record<string, unknown>,
  nested: Record<string, unknown>,
): ErrorType | undefined {
  const inner = (nested.error && typeof nested.error === 'object' ? nested.error : {}) as Record<
    string,
    unknown
  >
  for (const value of [e.type, e.code, nested.type, nested.code, inner.type]) {
    const type = typeof value === 'string' ? PROVIDER_ERROR_TYPES.get(value) : undefined
    if (type) return type
  }
  return undefined
}

/** How many `cause` levels are read: the AI SDK wraps an undici socket error two causes down. */
const MAX_CAUSE_DEPTH = 4

/**
 * Classifies any thrown value: the error itself, then (while that gives `_OTHER`) its `cause`
 * chain, so a transport error wrapped by a framework is classified the same from every client.
 * Reads only class names, `status`, `code` and `type` fields (the error's, or its body's when no
 * status says more: errors inside a stream have none), and messages for the context-length
 * and content-filter hints; nothing of it is recorded but the resulting taxonomy value. Never
 * throws, even on hostile objects whose property access throws.
 *
 * @example
 * classifyError(new Error('Failed to process successful response', { cause: socketError })) // 'network'
 */
export function classifyError(error: unknown): ErrorType {
  let current = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== null && typeof current === 'object'; depth++) {
    let type: ErrorType
    try {
      type = classifyOne(current)
      current = type === ERROR_TYPE.other ? (current as { cause?: unknown }).cause : undefined
    } catch {
      return ERROR_TYPE.other
    }
    if (type !== ERROR_TYPE.other) return type
  }
  return ERROR_TYPE.other
}

function classifyOne(error: unknown): ErrorType {
  if (error === null || typeof error !== 'object') return ERROR_TYPE.other
  const e = error as Record<string, unknown>
  // SDK errors do not always set `name` (openai's are all "Error"): check the class name too.
  const name = typeof e.name === 'string' ? e.name : ''
  const className = (error as { constructor?: { name?: string } }).constructor?.name ?? ''
  const is = (n: string) => name === n || className === n
  if (is('BudgetExceededError')) return ERROR_TYPE.budgetExceeded
  // Mistral's SDK: RequestTimeoutError, RequestAbortedError, ConnectionError; Cohere's:
  // CohereTimeoutError, and InvalidTokenError for its 498 (an invalid or expired API key).
  if (
    is('APIConnectionTimeoutError') ||
    is('TimeoutError') ||
    is('RequestTimeoutError') ||
    is('CohereTimeoutError') ||
    e.code === 'ETIMEDOUT'
  )
    return ERROR_TYPE.timeout
  if (is('AbortError') || is('APIUserAbortError') || is('RequestAbortedError') || e.code === 'ABORT_ERR')
    return ERROR_TYPE.cancelled
  if (is('InvalidTokenError')) return ERROR_TYPE.auth
  const message = typeof e.message === 'string' ? e.message.slice(0, 2000) : ''
  // The SDKs let JSON.parse's SyntaxError (a 200 whose body is not JSON) and JSON.stringify's
  // TypeError (a request body it cannot encode) reach the caller as they are.
  if (is('SyntaxError') || INVALID_RESPONSE_NAMES.has(name)) return ERROR_TYPE.invalidResponse
  if (is('TypeError') && SERIALIZATION_HINT.test(message)) return ERROR_TYPE.serialization
  const code = typeof e.code === 'string' ? e.code : ''
  const type = typeof e.type === 'string' ? e.type : ''
  const nested = (e.error && typeof e.error === 'object' ? e.error : {}) as Record<string, unknown>
  const nestedType = typeof nested.type === 'string' ? nested.type : ''
  // `status` (Stainless SDKs), `statusCode` (the AI SDK), `status_code` (ollama's ResponseError).
  const status =
    typeof e.status === 'number'
      ? e.status
      : typeof e.statusCode === 'number'
        ? e.statusCode
        : typeof e.status_code === 'number'
          ? e.status_code
          : 0
  if (code === 'context_length_exceeded' || CONTEXT_LENGTH_HINT.test(message)) return ERROR_TYPE.contextLength
  if (
    code === 'content_filter' ||
    type === 'content_filter' ||
    (status === 400 && CONTENT_FILTER_HINT.test(message))
  ) {
    return ERROR_TYPE.contentFilter
  }
  if (type === 'rate_limit_error' || nestedType === 'rate_limit_error' || type === 'overloaded_error') {
    return status >= 500 || type === 'overloaded_error' ? ERROR_TYPE.serverError : ERROR_TYPE.rateLimit
  }
  if (status > 0) return errorTypeFromStatus(status)
  const named = providerErrorType(e, nested)
  if (named) return named
  if (is('APIConnectionError') || is('ConnectionError') || NETWORK_CODES.has(code)) return ERROR_TYPE.network
  if (is('TypeError') && /fetch failed/i.test(message)) return ERROR_TYPE.network
  return ERROR_TYPE.other
}
