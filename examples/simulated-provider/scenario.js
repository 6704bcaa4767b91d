// How one request should be answered, decided before any byte is sent: the usage to report, the
// reply and its deltas, the model to name, and the fault to apply. Tests choose all of it with
// `x-sim-*` request headers; the demo gets random faults from rates given at start.
import { DEFAULT_REPLY, defaultUsage, replyFor } from './tokens.js'

/** @typedef {import('./tokens.js').SimUsage} SimUsage */

/**
 * @typedef {'429' | '500' | '503' | '529' | '401' | '403' | '404' | '400' | 'context_length' |
 *   'content_filter' | 'timeout' | 'cut_stream' | 'malformed_json'} Fault
 */

/**
 * @typedef {object} Scenario
 * @property {SimUsage} usage the usage the response reports
 * @property {boolean} usageGiven whether it came from `x-sim-usage` (else from the request)
 * @property {string} reply the full reply text
 * @property {number} chunks content deltas in a stream
 * @property {number} cutAfter content deltas sent before a `cut_stream` drops the connection
 * @property {string | undefined} responseModel the model the response names, when not the requested one
 * @property {number} retryAfter seconds advertised on 429 (and on 5xx when asked for)
 * @property {boolean} retryAfterOnServerErrors whether 5xx answers carry retry headers too
 * @property {string | undefined} shouldRetry value for the SDKs' `x-should-retry` header, if asked for
 * @property {Fault | undefined} fault
 * @property {number} attempt the client's `x-stainless-retry-count` (0 when absent)
 * @property {{ firstByteMs?: number, perChunkMs?: number }} latency per-request latency overrides
 */

export const FAULTS = /** @type {const} */ ([
  '429',
  '500',
  '503',
  '529',
  '401',
  '403',
  '404',
  '400',
  'context_length',
  'content_filter',
  'timeout',
  'cut_stream',
  'malformed_json',
])

/** A bad `x-sim-*` header: answered as a 400 in the provider's own error shape. */
export class ScenarioError extends Error {}

/**
 * Reads the scenario for one request.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {unknown} body the parsed request body
 * @param {{ rateLimit: number, serverError: number }} faultRates random fault rates (the demo's)
 * @param {() => number} random a source of numbers in [0, 1)
 * @param {number} defaultRetryAfter seconds to advertise when the request does not say
 * @returns {Scenario}
 * @throws {ScenarioError} when an `x-sim-*` header cannot be understood
 * @example
 * scenarioFor({ 'x-sim-fault': '429', 'x-sim-fault-attempts': '1' }, body, { rateLimit: 0, serverError: 0 }, Math.random, 0)
 */
export function scenarioFor(headers, body, faultRates, random, defaultRetryAfter) {
  /** @param {string} name */
  const header = (name) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  // An explicit x-sim-chunks larger than the reply's word count lengthens the reply (every delta
  // carries text); by default a stream has 5 deltas, or one per word of a shorter reply.
  const chunksHeader = header('x-sim-chunks')
  const chunks = count(chunksHeader, 'x-sim-chunks', 5, 1)
  const text = header('x-sim-reply') ?? DEFAULT_REPLY
  const reply = chunksHeader === undefined ? text : replyFor(text, chunks)
  const usageHeader = header('x-sim-usage')
  const usage = usageHeader === undefined ? defaultUsage(body, reply) : parseUsage(usageHeader)
  const attempt = retryCountOf(headers)

  let fault = /** @type {Fault | undefined} */ (header('x-sim-fault'))
  if (fault !== undefined && !FAULTS.includes(fault)) {
    throw new ScenarioError(`x-sim-fault must be one of ${FAULTS.join(', ')}`)
  }
  const faultAttempts = header('x-sim-fault-attempts')
  if (fault && faultAttempts !== undefined && attempt >= count(faultAttempts, 'x-sim-fault-attempts', 0, 0)) {
    fault = undefined
  }
  // Random faults only where a test has not chosen: a header always wins, so tests stay exact
  // even against a provider started with fault rates.
  if (fault === undefined && header('x-sim-fault') === undefined) {
    const r = random()
    if (r < faultRates.rateLimit) fault = '429'
    else if (r < faultRates.rateLimit + faultRates.serverError) fault = '500'
  }
  const retryAfterHeader = header('x-sim-retry-after')
  return {
    usage,
    usageGiven: usageHeader !== undefined,
    reply,
    chunks,
    cutAfter: count(header('x-sim-cut-after'), 'x-sim-cut-after', 2, 0),
    responseModel: header('x-sim-response-model'),
    retryAfter:
      retryAfterHeader === undefined ? defaultRetryAfter : number(retryAfterHeader, 'x-sim-retry-after', 0),
    retryAfterOnServerErrors: retryAfterHeader !== undefined,
    shouldRetry: header('x-sim-should-retry'),
    fault,
    attempt,
    latency: {
      firstByteMs: optional(header('x-sim-first-byte-ms'), 'x-sim-first-byte-ms'),
      perChunkMs: optional(header('x-sim-chunk-ms'), 'x-sim-chunk-ms'),
    },
  }
}

/**
 * The SDKs' `x-stainless-retry-count` (both openai and @anthropic-ai/sdk send it: 0 on the first
 * attempt, 1 on the first retry, ...). It is their header, not ours: anything unreadable counts as 0.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {number}
 */
export function retryCountOf(headers) {
  const v = headers['x-stainless-retry-count']
  return Math.max(0, Number.parseInt(String(Array.isArray(v) ? v[0] : (v ?? '0')), 10) || 0)
}

/** @param {string} text @returns {SimUsage} */
function parseUsage(text) {
  /** @type {unknown} */
  let u
  try {
    u = JSON.parse(text)
  } catch {
    throw new ScenarioError('x-sim-usage is not JSON')
  }
  if (!u || typeof u !== 'object') throw new ScenarioError('x-sim-usage must be a JSON object')
  const o = /** @type {Record<string, unknown>} */ (u)
  /** @param {string} key */
  const field = (key) => {
    const v = o[key] ?? 0
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ScenarioError(`x-sim-usage.${key} must be a non-negative integer`)
    }
    return v
  }
  return {
    input: field('input'),
    output: field('output'),
    cacheRead: field('cacheRead'),
    cacheWrite: field('cacheWrite'),
    reasoning: field('reasoning'),
  }
}

/** @param {string} text @param {string} name @param {number} min @returns {number} */
function number(text, name, min) {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || n < min)
    throw new ScenarioError(`${name} must be a number >= ${min}`)
  return n
}

/** @param {string | undefined} text @param {string} name @param {number} fallback @param {number} min */
function count(text, name, fallback, min) {
  if (text === undefined) return fallback
  const n = number(text, name, min)
  if (!Number.isInteger(n)) throw new ScenarioError(`${name} must be an integer`)
  return n
}

/** @param {string | undefined} text @param {string} name @returns {number | undefined} */
function optional(text, name) {
  return text === undefined ? undefined : number(text, name, 0)
}
