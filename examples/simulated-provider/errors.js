// Error answers in each provider's own body shape, so the SDKs raise their own error classes
// (RateLimitError, AuthenticationError, ...) with the fields real errors carry:
//   OpenAI     {"error": {"message", "type", "param", "code"}}
//   Anthropic  {"type": "error", "error": {"type", "message"}, "request_id"}

/** @typedef {'openai' | 'anthropic'} ProviderKind */

/** @typedef {{ status: number, type: string, message: string, code: string | null }} ErrorEntry */

/** @param {number} status @param {string} type @param {string} message @param {string | null} [code] @returns {ErrorEntry} */
const e = (status, type, message, code = null) => ({ status, type, message, code })

/** @type {Record<string, ErrorEntry>} */
const OPENAI = {
  429: e(
    429,
    'requests',
    'Rate limit reached for requests (simulated). Please try again later.',
    'rate_limit_exceeded',
  ),
  500: e(500, 'server_error', 'The server had an error while processing your request (simulated).'),
  503: e(503, 'server_error', 'The engine is currently overloaded, please try again later (simulated).'),
  529: e(529, 'server_error', 'The server is overloaded (simulated).'),
  401: e(401, 'invalid_request_error', 'Incorrect API key provided (simulated).', 'invalid_api_key'),
  403: e(
    403,
    'invalid_request_error',
    'Country, region, or territory not supported (simulated).',
    'unsupported_country_region_territory',
  ),
  404: e(
    404,
    'invalid_request_error',
    'The model does not exist or you do not have access to it (simulated).',
    'model_not_found',
  ),
  400: e(400, 'invalid_request_error', 'Invalid request (simulated).'),
  context_length: e(
    400,
    'invalid_request_error',
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens (simulated).",
    'context_length_exceeded',
  ),
  content_filter: e(
    400,
    'invalid_request_error',
    'The response was filtered due to the prompt triggering the content management policy (simulated).',
    'content_filter',
  ),
}

/** @type {Record<string, ErrorEntry>} */
const ANTHROPIC = {
  429: e(
    429,
    'rate_limit_error',
    'Number of request tokens has exceeded your per-minute rate limit (simulated).',
  ),
  500: e(500, 'api_error', 'Internal server error (simulated).'),
  503: e(503, 'api_error', 'Service unavailable (simulated).'),
  529: e(529, 'overloaded_error', 'Overloaded (simulated).'),
  401: e(401, 'authentication_error', 'invalid x-api-key (simulated)'),
  403: e(
    403,
    'permission_error',
    'Your API key does not have permission to use the specified resource (simulated).',
  ),
  404: e(404, 'not_found_error', 'model: not found (simulated)'),
  400: e(400, 'invalid_request_error', 'Invalid request (simulated).'),
  context_length: e(
    400,
    'invalid_request_error',
    'prompt is too long: 210000 tokens > 200000 maximum (simulated)',
  ),
  content_filter: e(400, 'invalid_request_error', 'Output blocked by content filtering policy (simulated).'),
}

/**
 * The body of an error answer in the provider's shape.
 * @param {ProviderKind} provider
 * @param {string} type the provider's error type
 * @param {string} message
 * @param {string | null} [code] OpenAI's `code`
 * @param {string} [requestId] Anthropic repeats it in the body
 * @returns {object}
 * @example
 * errorBody('anthropic', 'invalid_request_error', 'max_tokens: field required')
 */
export function errorBody(provider, type, message, code = null, requestId = undefined) {
  return provider === 'openai'
    ? { error: { message, type, param: null, code } }
    : { type: 'error', error: { type, message }, ...(requestId ? { request_id: requestId } : {}) }
}

/**
 * Answers the scenario's fault when it is an error status; false when it is not one (no fault, or
 * a fault about the connection or the body, which the handlers apply).
 * @param {import('./reply.js').Reply} reply
 * @param {ProviderKind} provider
 * @param {import('./scenario.js').Scenario} scenario
 * @param {string} requestId
 * @returns {boolean}
 */
export function answerFault(reply, provider, scenario, requestId) {
  const fault = scenario.fault
  if (fault === undefined) return false
  const entry = (provider === 'openai' ? OPENAI : ANTHROPIC)[fault]
  if (!entry) return false
  const { status } = entry
  const body = errorBody(provider, entry.type, entry.message, entry.code, requestId)
  /** @type {Record<string, string>} */
  const headers = {}
  if (status === 429 || (status >= 500 && scenario.retryAfterOnServerErrors)) {
    Object.assign(headers, retryHeaders(scenario.retryAfter))
  }
  if (scenario.shouldRetry !== undefined) headers['x-should-retry'] = scenario.shouldRetry
  reply.json(status, body, headers)
  return true
}

/**
 * `retry-after` in whole seconds, as the providers send it, and `retry-after-ms`, which both SDKs
 * read first. Zero is sent as 1 ms: @anthropic-ai/sdk treats a zero delay as "no advice" and falls
 * back to its own backoff (about half a second), which would slow every retry test down.
 * @param {number} seconds
 * @returns {Record<string, string>}
 */
export function retryHeaders(seconds) {
  return {
    'retry-after': String(Math.ceil(seconds)),
    'retry-after-ms': String(Math.max(1, Math.round(seconds * 1000))),
  }
}
